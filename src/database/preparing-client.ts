import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Distinct statements prepared per process at most; later ones run unnamed, as before. */
const MAX_STATEMENTS = 500;
/** Longer SQL (bulk inserts, long IN lists) is one of a kind: not worth a prepared statement. */
const MAX_SQL_LENGTH = 4_000;

const names = new Map<string, string>();

/** The statement name of `sql`, or undefined when it should run unnamed. */
export function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_STATEMENTS && sql.length <= MAX_SQL_LENGTH) {
    name = `s_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * node-postgres' Client, running every parameterised statement as a named prepared statement:
 * PostgreSQL parses and plans it once per connection instead of on every run (planning one of
 * TypeORM's joins costs more than running it, and on 2 cores PostgreSQL's CPU is the API's
 * throughput). Plain `query(text, values)` calls only: what passes a query config or a
 * submittable (streams) is left as it is. Given to the pool as `extra.Client` (data-source.ts).
 */
export class PreparingClient extends Client {
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (name) {
        const config = { name, text, values };
        return (
          callback === undefined ? super.query(config) : super.query(config, callback as never)
        ) as never;
      }
    }
    return (super.query as (...a: unknown[]) => unknown)(...args) as never;
  }
}
