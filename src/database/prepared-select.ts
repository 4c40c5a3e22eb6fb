import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

/** Names a parameter while the query is built: stands in for its value, which comes per run. */
export type Param = (name: string) => string;

interface Compiled<T extends ObjectLiteral> {
  qb: SelectQueryBuilder<T>;
  statement: string;
  sql: string;
  /** The parameter name behind each `$n`, in order. */
  order: string[];
}

/** A value no caller sends: the name of the parameter it stands for, between markers. */
const MARK = '\u2063param\u2063';
const placeholder = (name: string) => `${MARK}${name}`;

/**
 * A select the query builder builds once per shape and PostgreSQL plans once per connection, for
 * the hottest reads, where building the SQL (in Node) and planning it (in PostgreSQL) cost more
 * than running it. The first run of a variant (whatever changes the SQL, such as the caller's
 * reach) builds the query with placeholders for its parameters and keeps the SQL; every run then
 * executes it as a named prepared statement with that run's values, and hydrates the rows with
 * TypeORM's own transformer, so entities come out exactly as `getRawAndEntities` makes them.
 */
export class PreparedSelect<T extends ObjectLiteral> {
  private readonly variants = new Map<string, Compiled<T>>();

  constructor(private readonly name: string) {}

  /**
   * Runs the `variant` of the query with `values`; `build` (called on a variant's first run only)
   * builds it with `param(name)` wherever a value goes.
   */
  async rawAndEntities<R>(
    dataSource: DataSource,
    query: {
      variant: string;
      values: Record<string, unknown>;
      build: (param: Param) => SelectQueryBuilder<T>;
    },
  ): Promise<{ entities: T[]; raw: R[] }> {
    const { variant, values, build } = query;
    const compiled = this.variants.get(variant) ?? this.compile(variant, build);
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<R & ObjectLiteral>({
      name: compiled.statement,
      text: compiled.sql,
      values: compiled.order.map((name) => {
        if (!(name in values)) throw new Error(`${this.name}: no value for :${name}`);
        return values[name];
      }),
    });
    const entities = rows.length
      ? (new RawSqlResultsToEntityTransformer(
          compiled.qb.expressionMap,
          dataSource.driver,
          [],
        ).transform(rows, compiled.qb.expressionMap.mainAlias!) as T[])
      : [];
    return { entities, raw: rows };
  }

  private compile(variant: string, build: (param: Param) => SelectQueryBuilder<T>): Compiled<T> {
    const qb = build(placeholder);
    const [sql, parameters] = qb.getQueryAndParameters();
    const order = parameters.map((value: unknown) => {
      if (typeof value !== 'string' || !value.startsWith(MARK)) {
        throw new Error(`${this.name}: a parameter not named with param(): ${String(value)}`);
      }
      return value.slice(MARK.length);
    });
    // PostgreSQL names are at most 63 bytes; the SQL's hash keeps variants apart.
    const hash = createHash('sha1').update(sql).digest('hex').slice(0, 12);
    const compiled = { qb, sql, order, statement: `${this.name.slice(0, 40)}_${hash}` };
    this.variants.set(variant, compiled);
    return compiled;
  }
}
