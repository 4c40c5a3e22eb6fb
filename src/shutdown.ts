import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * SIGTERM/SIGINT: stop taking work, let in-flight requests and jobs finish, close pools, exit.
 * For the API the listening socket closes first and in-flight requests drain before any module
 * (and so the database pool) shuts down; the worker's BullMQ workers finish their active jobs
 * when the module closes. A stuck shutdown is cut off after `timeoutMs`.
 */
const log = (msg: string) =>
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg }) + '\n');

export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutMs: number,
  server?: Server,
): void {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    try {
      if (server) {
        // Requests still arriving on open keep-alive connections are served, then told to go:
        // the client reconnects elsewhere instead of meeting a reset on a swept connection.
        server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
          if (!res.headersSent) res.setHeader('Connection', 'close');
        });
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
