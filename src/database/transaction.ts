import type { DataSource, EntityManager } from 'typeorm';
import { requestContext } from '../common/http/request-context';

/**
 * `dataSource.transaction(work)`, unless the request already has a transaction open for it: a
 * POST handler marked `@OneTransaction()` and sent with an Idempotency-Key runs in the
 * transaction that records the key's response, so the change and its replay commit together
 * (src/common/http/idempotency). Joined, `work` neither begins nor commits.
 */
export function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const open = requestContext.transaction();
  return open ? work(open) : dataSource.transaction(work);
}

/**
 * The manager to read with: the request's open transaction when it has one (a reply built inside
 * it must not wait for a second pooled connection, and sees the change being made), else the
 * pool's.
 */
export function currentManager(dataSource: DataSource): EntityManager {
  return requestContext.transaction() ?? dataSource.manager;
}
