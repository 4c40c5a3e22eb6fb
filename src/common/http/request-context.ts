import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** Set once the request has recorded a change (an audit event awaiting its seal). */
  recorded?: boolean;
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
};
