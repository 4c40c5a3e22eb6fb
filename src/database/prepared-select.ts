import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

interface Compiled {
  statement: string;
  sql: string;
  /** Every parameter the query was built with, used or not: the variant's signature. */
  names: string;
  /** The named parameter behind each `$n`, in order. */
  order: string[];
}

/** A value no caller sends: the name of the parameter it stands for, after a marker. */
const MARK = '\u2063param\u2063';

/**
 * Selects whose SQL TypeORM writes once per shape and PostgreSQL plans once per connection, for
 * the hottest reads, where writing the SQL (in Node) and planning it (in PostgreSQL) cost more
 * than running it. The query is built as usual, with its values; the caller names its shape (the
 * variant: whatever changes the SQL rather than the values, such as the caller's reach or which
 * filters are set). The first run of a variant keeps TypeORM's SQL; every run executes it as a
 * named prepared statement with that query's values, and hydrates the rows with TypeORM's own
 * transformer, so entities come out as `getRawAndEntities` makes them. A query whose parameters
 * are not those its variant was compiled with is refused, so a variant that names too little
 * fails loudly instead of running another query's SQL.
 */
export class PreparedSelect {
  private readonly variants = new Map<string, Compiled>();

  constructor(private readonly name: string) {}

  async rawAndEntities<T extends ObjectLiteral, R = Record<string, unknown>>(
    dataSource: DataSource,
    variant: string,
    qb: SelectQueryBuilder<T>,
  ): Promise<{ entities: T[]; raw: R[] }> {
    const parameters = qb.getParameters();
    const compiled = this.variants.get(variant) ?? this.compile(dataSource, variant, qb);
    const names = Object.keys(parameters).sort().join();
    if (names !== compiled.names) {
      throw new Error(`${this.name} (${variant}): parameters ${names} are not ${compiled.names}`);
    }
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<R & ObjectLiteral>({
      name: compiled.statement,
      text: compiled.sql,
      values: compiled.order.map((name) => parameters[name]),
    });
    const entities = rows.length
      ? (new RawSqlResultsToEntityTransformer(qb.expressionMap, dataSource.driver, []).transform(
          rows,
          qb.expressionMap.mainAlias!,
        ) as T[])
      : [];
    return { entities, raw: rows };
  }

  async many<T extends ObjectLiteral>(
    dataSource: DataSource,
    variant: string,
    qb: SelectQueryBuilder<T>,
  ): Promise<T[]> {
    return (await this.rawAndEntities(dataSource, variant, qb)).entities;
  }

  private compile<T extends ObjectLiteral>(
    dataSource: DataSource,
    variant: string,
    qb: SelectQueryBuilder<T>,
  ): Compiled {
    const markers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(qb.getParameters())) {
      // An array becomes one `$n` per element: its length would be part of the SQL.
      if (Array.isArray(value)) throw new Error(`${this.name}: array parameter :${name}`);
      markers[name] = `${MARK}${name}`;
    }
    const [sql, ordered] = dataSource.driver.escapeQueryWithParameters(qb.getQuery(), markers);
    const order = ordered.map((value: unknown) => String(value).slice(MARK.length));
    // PostgreSQL names are at most 63 bytes; the SQL's hash keeps variants apart.
    const hash = createHash('sha1').update(sql).digest('hex').slice(0, 12);
    const names = Object.keys(markers).sort().join();
    const compiled = { sql, order, names, statement: `${this.name.slice(0, 40)}_${hash}` };
    this.variants.set(variant, compiled);
    return compiled;
  }
}
