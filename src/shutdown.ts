import type { INestApplicationContext } from '@nestjs/common';

/**
 * SIGTERM/SIGINT: stop taking work (the HTTP server stops accepting, workers stop fetching),
 * let in-flight requests and jobs finish, close pools, exit. A stuck shutdown is cut off after
 * `timeoutMs` so an orchestrator never waits forever.
 */
export function installGracefulShutdown(app: INestApplicationContext, timeoutMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stdout.write(JSON.stringify({ level: 30, msg: `${signal}: shutting down` }) + '\n');
    setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('error during shutdown', error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
