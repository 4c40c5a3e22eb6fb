import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * What `manager.insert` takes. TypeORM's deep-partial type cannot express jsonb columns typed as
 * `Record<string, unknown>`, so inserts of such rows name this type (a plain INSERT, unlike
 * `save`, which first SELECTs rows that carry their own primary key).
 */
export type Insertable<T> = QueryDeepPartialEntity<T>;
