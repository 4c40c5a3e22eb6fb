import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * SIGTERM/SIGINT: stop taking work, let in-flight requests and jobs finish, close pools, exit.
 * For the API the listening socket closes first and in-flight requests drain before any module
 * (and so the database pool) shuts down; the worker's BullMQ workers finish their active jobs
 * when the module closes. A stuck shutdown is cut off after `timeoutMs`.
 *
 * Behind a load balancer the API first reports not ready (`GET /health/ready` → 503
 * `shutting_down`) and goes on serving for `drainMs`, so the balancer's health check takes it out
 * of rotation before the listener closes: otherwise requests the balancer still sends meet a
 * refused connection, or a reused keep-alive connection reset after the request was written,
 * which a balancer cannot safely retry elsewhere.
 */
const log = (msg: string) =>
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg }) + '\n');

let shuttingDown = false;

/** True once SIGTERM/SIGINT arrived: readiness then answers 503 (src/health). */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutMs: number,
  server?: Server,
  drainMs = 0,
): void {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    shuttingDown = true;
    log(`${signal}: shutting down`);
    try {
      if (server) {
        // Requests still arriving on open keep-alive connections are served, then told to go:
        // the client reconnects elsewhere instead of meeting a reset on a swept connection.
        server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
          if (!res.headersSent) res.setHeader('Connection', 'close');
        });
        if (drainMs > 0) {
          // Still listening and serving while the balancer sees the 503 and stops sending.
          await new Promise((resolve) => setTimeout(resolve, drainMs));
          log(`drain delay of ${drainMs} ms over: closing the listener`);
        }
      }
      setTimeout(() => {
        console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
        process.exit(1);
      }, timeoutMs).unref();
      if (server) {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // A keep-alive connection whose request finishes after close() would otherwise idle
        // until its timeout; sweep idle connections until the last request is answered.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        await drained;
        clearInterval(sweep);
        log('HTTP server drained');
      }
      await app.close();
      log('closed');
      process.exit(0);
    } catch (error) {
      console.error('error during shutdown', error);
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}
