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
