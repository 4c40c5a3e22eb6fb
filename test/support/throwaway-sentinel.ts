import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { eventually } from './app';
import { freePort } from './net';

/** A client of one server of the set, that gives up at once rather than waiting for it. */
function client(port: number): Redis {
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
}

/** Waits until `port` answers PING. */
async function answering(port: number): Promise<void> {
  await eventually(
    async () => {
      const redis = client(port);
      try {
        await redis.connect();
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        redis.disconnect();
      }
    },
    5_000,
    `redis on ${port}`,
  );
}

/**
 * A Redis master, one replica and one sentinel watching them (the machine's own redis-server
 * binaries, nothing kept on disk), for a test that connects through Sentinel or fails over.
 */
export class ThrowawaySentinelSet {
  private readonly processes: ChildProcess[] = [];

  private constructor(
    readonly name: string,
    readonly ports: { master: number; replica: number; sentinel: number },
    private readonly dir: string,
  ) {}

  static async start(name = 'grants-test'): Promise<ThrowawaySentinelSet> {
    const ports = {
      master: await freePort(),
      replica: await freePort(),
      sentinel: await freePort(),
    };
    const set = new ThrowawaySentinelSet(
      name,
      ports,
      mkdtempSync(path.join(tmpdir(), 'sentinel-')),
    );
    try {
      await set.boot();
    } catch (error) {
      await set.stop();
      throw error;
    }
    return set;
  }

  /** REDIS_SENTINELS for the app. */
  get sentinels(): string {
    return `127.0.0.1:${this.ports.sentinel}`;
  }

  /** The port of the master the sentinel names now. */
  async masterPort(): Promise<number> {
    const sentinel = client(this.ports.sentinel);
    try {
      const [, port] = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', this.name)) as [
        string,
        string,
      ];
      return Number(port);
    } finally {
      sentinel.disconnect();
    }
  }

  /** A client of the server on `port` (the caller disconnects it). */
  connect(port: number): Redis {
    return client(port);
  }

  /** Promotes the replica (SENTINEL FAILOVER) and waits until the sentinel names it master. */
  async failover(): Promise<void> {
    const before = await this.masterPort();
    const sentinel = client(this.ports.sentinel);
    try {
      await sentinel.call('SENTINEL', 'FAILOVER', this.name);
    } finally {
      sentinel.disconnect();
    }
    await eventually(async () => (await this.masterPort()) !== before, 15_000, 'the failover');
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private server(args: string[]): void {
    // Run in a directory of its own: a full resync writes its RDB file to the working directory.
    this.processes.push(spawn('redis-server', args, { cwd: this.dir, stdio: 'ignore' }));
  }

  private async boot(): Promise<void> {
    const { master, replica, sentinel } = this.ports;
    const plain = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    // No 5 s wait before the replica's first full sync (Redis 7's diskless default).
    const noDelay = ['--repl-diskless-sync-delay', '0'];
    this.server(['--port', String(master), ...plain, ...noDelay]);
    this.server(['--port', String(replica), ...plain, ...noDelay]);
    await Promise.all([answering(master), answering(replica)]);
    const replicaClient = client(replica);
    try {
      await replicaClient.connect();
      await replicaClient.call('REPLICAOF', '127.0.0.1', String(master));
      await eventually(
        async () => /master_link_status:up/.test(await replicaClient.info('replication')),
        10_000,
        'the replica to sync',
      );
    } finally {
      replicaClient.disconnect();
    }
    // Started once the replica is in sync, the sentinel's first INFO of the master names it
    // (the next would be 10 s later).
    const config = path.join(this.dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${sentinel}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${this.name} 127.0.0.1 ${master} 1`,
        `sentinel down-after-milliseconds ${this.name} 5000`,
        `sentinel failover-timeout ${this.name} 10000`,
        '',
      ].join('\n'),
    );
    this.server([config, '--sentinel']);
    await answering(sentinel);
    const watcher = client(sentinel);
    try {
      await eventually(
        async () => {
          const replicas = (await watcher.call('SENTINEL', 'REPLICAS', this.name)) as string[][];
          return replicas.some((fields) => {
            const info = Object.fromEntries(
              fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]])),
            ) as Record<string, string>;
            return info.flags === 'slave' && info['master-link-status'] === 'ok';
          });
        },
        10_000,
        'the sentinel to see the replica',
      );
    } finally {
      watcher.disconnect();
    }
  }
}
