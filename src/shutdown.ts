import type { INestApplicationContext } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * SIGTERM/SIGINT: stop taking work, let in-flight requests and jobs finish, close pools, exit.
 * For the API the listening socket closes first and in-flight requests drain before any module
 * (and so the database pool) shuts down; the worker's BullMQ workers finish their active jobs
 * when the module closes. A stuck shutdown is cut off after `timeoutMs`.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutMs: number,
  server?: Server,
): void {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stdout.write(JSON.stringify({ level: 30, msg: `${signal}: shutting down` }) + '\n');
    setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    try {
      if (server) {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await drained;
      }
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error('error during shutdown', error);
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}
