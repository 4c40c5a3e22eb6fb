import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

export interface RequestContext {
  requestId: string;
  /** Set once the request has recorded a change (an audit event awaiting its seal). */
  recorded?: boolean;
  /**
   * The transaction the request's Idempotency-Key opened for a handler marked
   * `@OneTransaction()`; `transaction()` (src/database/transaction.ts) joins it.
   */
  transaction?: EntityManager;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request id of the HTTP request (or job) being served, for audit rows and logs. */
export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  /** Notes that the request recorded a change: its response waits for the change's seal. */
  markRecorded(): void {
    const context = storage.getStore();
    if (context) context.recorded = true;
  },
  /** The request's open transaction, if it has one to join. */
  transaction(): EntityManager | undefined {
    return storage.getStore()?.transaction;
  },
  /**
   * Runs `fn` with `manager` as the request's transaction. The request's own context is changed
   * (not a copy run in its place), so what `fn` marks, such as `recorded`, is seen by the hooks
   * that answer the request.
   */
  async joining<T>(manager: EntityManager, fn: () => Promise<T>): Promise<T> {
    const context = storage.getStore();
    if (!context) throw new Error('A request transaction needs a request context');
    context.transaction = manager;
    try {
      return await fn();
    } finally {
      context.transaction = undefined;
    }
  },
};
