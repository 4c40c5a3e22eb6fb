import type { Logger } from '@nestjs/common';

/** A BullMQ worker or queue, as far as its errors go. */
interface ErrorEmitter {
  name: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The same error is reported again only after this long: once per outage, in practice. */
const QUIET_MS = 60_000;

/**
 * A BullMQ worker or queue reconnects by itself while Redis is away, emitting the same connection
 * error on every attempt; without a listener BullMQ prints each with its stack. Warn once per
 * distinct error a minute instead.
 */
export function warnOncePerOutage(
  emitter: ErrorEmitter,
  logger: Logger,
  kind: 'worker' | 'queue' = 'worker',
): void {
  let last: { message: string; at: number } | null = null;
  emitter.on('error', (error) => {
    const now = Date.now();
    if (last?.message === error.message && now - last.at < QUIET_MS) return;
    last = { message: error.message, at: now };
    logger.warn(`${emitter.name} ${kind}: ${error.message}`);
  });
}
