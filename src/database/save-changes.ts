import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Writes `changes` to a loaded entity's row in one `UPDATE … RETURNING` and applies them to the
 * entity, with the version and update time TypeORM keeps (merged back from RETURNING). What
 * `manager.save(entity)` does for a loaded entity, without its extra SELECT to diff the entity
 * against the row: the entity was loaded (locked) in this transaction, so the changes are known.
 */
export async function saveChanges<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entity: T,
  changes: QueryDeepPartialEntity<T>,
): Promise<T> {
  await manager.createQueryBuilder().update(target).set(changes).whereEntity(entity).execute();
  return Object.assign(entity, changes);
}
