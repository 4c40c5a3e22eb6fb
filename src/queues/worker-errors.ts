import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';

/**
 * A BullMQ worker reconnects by itself while Redis is away, emitting the same connection error
 * on every attempt; without a listener BullMQ prints each with its stack. Warn once per distinct
 * error until the worker is ready again.
 */
export function warnOncePerOutage(worker: Worker, logger: Logger): void {
  let last: string | null = null;
  worker.on('error', (error) => {
    if (error.message !== last) logger.warn(`${worker.name} worker: ${error.message}`);
    last = error.message;
  });
  worker.on('ready', () => (last = null));
}
