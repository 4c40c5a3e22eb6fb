import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How often each upstream's readiness is asked (haproxy's `inter`). */
const HEALTH_INTERVAL_MS = 100;
/** A readiness answer slower than this counts as not ready (it did accept the connection). */
const HEALTH_TIMEOUT_MS = 1_000;

/**
 * What the balancer last saw of an upstream: `ready` answers 200 on /health/ready, `unready`
 * answers something else (shutting down, or PostgreSQL or Redis away), `down` does not answer.
 */
export type UpstreamState = 'ready' | 'unready' | 'down';

export interface Upstream {
  name: string;
  port: number;
  state: UpstreamState;
  /** Requests this upstream answered (a status line reached the client). */
  served: number;
}

/** A request the balancer could not get answered: it answered 502 itself. */
export interface Failure {
  upstream: string;
  method: string;
  path: string;
  code: string;
  /** Whether the request was (possibly) sent before the failure: it may have been processed. */
  sent: boolean;
}

/**
 * A small round-robin HTTP load balancer in front of the API processes, behaving as haproxy with
 * `option httpchk GET /health/ready`, `inter 100ms`, `fall 1`, `rise 1`, keep-alive connections to
 * the upstreams and `retry-on conn-failure`:
 * - it sends only to upstreams whose readiness answered 200 at the last check; when none has
 *   (a shared dependency away: every API says not ready), to those that answer at all, as nginx
 *   does when every upstream is marked down, rather than failing every request;
 * - it retries a request on the next upstream only when the connection failed before anything was
 *   sent (refused). A reused keep-alive connection reset after the request was written is not
 *   retried: the upstream may have processed it. The client then gets a 502.
 */
export class LoadBalancer {
  readonly upstreams: Upstream[] = [];
  readonly failures: Failure[] = [];
  private readonly agents = new Map<string, http.Agent>();
  private readonly server: http.Server;
  private next = 0;
  private poller?: NodeJS.Timeout;
  /** Upstreams whose readiness check is in flight (one at a time each). */
  private readonly probing = new Set<string>();

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.poller = setInterval(() => this.poll(), HEALTH_INTERVAL_MS);
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Adds an upstream, or points an existing one at a new port (a restarted process). */
  upstream(name: string, port: number): void {
    const existing = this.upstreams.find((u) => u.name === name);
    if (existing) {
      if (existing.port !== port) this.agentOf(existing).destroy();
      this.agents.delete(name);
      Object.assign(existing, { port, state: 'down' });
    } else {
      this.upstreams.push({ name, port, state: 'down', served: 0 });
    }
  }

  /** Resolves once the upstream's readiness has been seen at 200. */
  async whenReady(name: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.upstreams.find((u) => u.name === name)?.state !== 'ready') {
      if (Date.now() > deadline) throw new Error(`${name} not ready after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.server.closeAllConnections();
    this.server.close();
    for (const agent of this.agents.values()) agent.destroy();
  }

  private agentOf(upstream: Upstream): http.Agent {
    let agent = this.agents.get(upstream.name);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      this.agents.set(upstream.name, agent);
    }
    return agent;
  }

  private poll(): void {
    for (const upstream of this.upstreams) {
      if (this.probing.has(upstream.name)) continue;
      this.probing.add(upstream.name);
      const port = upstream.port;
      void probe(port).then((state) => {
        this.probing.delete(upstream.name);
        if (upstream.port === port) upstream.state = state;
      });
    }
  }

  /** The upstreams to try, in round-robin order from the next one. */
  private candidates(): Upstream[] {
    const ready = this.upstreams.filter((u) => u.state === 'ready');
    const pool = ready.length ? ready : this.upstreams.filter((u) => u.state === 'unready');
    const start = this.next++;
    return pool.map((_, i) => pool[(start + i) % pool.length]);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const candidates = this.candidates();
    if (!candidates.length) {
      this.failures.push({
        upstream: '-',
        method: req.method ?? '',
        path: req.url ?? '',
        code: 'no upstream',
        sent: false,
      });
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no upstream available');
      return;
    }
    for (const [i, upstream] of candidates.entries()) {
      const outcome = await this.forward(upstream, req, body, res);
      if (outcome === 'answered') return;
      const last = i === candidates.length - 1;
      if (outcome.sent || last) {
        this.failures.push({
          upstream: upstream.name,
          method: req.method ?? '',
          path: req.url ?? '',
          ...outcome,
        });
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bad gateway: ${outcome.code}`);
        return;
      }
      // Refused before anything was sent: the next upstream gets it (retry-on conn-failure).
    }
  }

  private forward(
    upstream: Upstream,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
  ): Promise<'answered' | { code: string; sent: boolean }> {
    return new Promise((resolve) => {
      let connected = false;
      const headers = { ...req.headers };
      delete headers.connection;
      delete headers['keep-alive'];
      headers['content-length'] = String(body.length);
      headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
      const out = http.request(
        {
          host: '127.0.0.1',
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent: this.agentOf(upstream),
        },
        (answer) => {
          upstream.served += 1;
          const copied = { ...answer.headers };
          for (const hop of ['connection', 'keep-alive', 'transfer-encoding']) delete copied[hop];
          res.writeHead(answer.statusCode ?? 502, { ...copied, 'x-upstream': upstream.name });
          answer.pipe(res);
          answer.on('end', () => resolve('answered'));
          // Cut off mid-answer: the client sees its connection broken, as behind a real proxy.
          answer.on('aborted', () => {
            res.destroy();
            resolve('answered');
          });
        },
      );
      out.on('socket', (socket) => {
        // A reused keep-alive socket is connected already: the request goes out at once.
        if (out.reusedSocket || !socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      out.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ code: error.code ?? error.message, sent: connected }),
      );
      out.end(body);
    });
  }
}

function probe(port: number): Promise<UpstreamState> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/health/ready', timeout: HEALTH_TIMEOUT_MS, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? 'ready' : 'unready');
      },
    );
    req.on('timeout', () => {
      resolve('unready');
      req.destroy();
    });
    req.on('error', () => resolve('down'));
  });
}
