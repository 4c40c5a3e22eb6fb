import { DataSource, EntityManager, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

interface Compiled {
  sql: string;
  /** Every parameter the query was built with, used or not: the variant's signature. */
  names: string;
  /** The named parameter behind each `$n`, in order. */
  order: string[];
  /**
   * TypeORM's hydrator for the variant's shape, kept with it: it caches each alias's column
   * aliases and columns to read, which a new one per query worked out again every time (a tenth
   * of the API's CPU on `GET /applications/:id`). The shape is the variant's: selections and joins
   * are the same for every query of it, only the values differ.
   */
  transformer: RawSqlResultsToEntityTransformer;
  mainAlias: Alias;
}

/** A value no caller sends: the name of the parameter it stands for, after a marker. */
const MARK = '\u2063param\u2063';

/**
 * Selects whose SQL TypeORM writes once per shape, for the hottest queries, where writing the
 * SQL cost more than running it (PostgreSQL plans it once per connection anyway: every
 * parameterised statement is prepared, see PreparingClient). The query is built as usual, with
 * its values; the caller names its shape (the variant: whatever changes the SQL rather than the
 * values, such as the caller's reach or which filters are set). The first run of a variant keeps
 * TypeORM's SQL; every run executes it with that query's values, on the connection the query was
 * built on (so inside its transaction, locks included), and hydrates the rows with TypeORM's own
 * transformer, so entities come out as `getRawAndEntities` makes them. A query whose parameters
 * are not those its variant was compiled with is refused, so a variant that names too little
 * fails loudly instead of running another query's SQL. `raw` skips the entities; `rows` also
 * skips building the query after a variant's first run.
 */
export class PreparedSelect {
  private readonly variants = new Map<string, Compiled>();

  constructor(private readonly name: string) {}

  async rawAndEntities<T extends ObjectLiteral, R = Record<string, unknown>>(
    variant: string,
    qb: SelectQueryBuilder<T>,
  ): Promise<{ entities: T[]; raw: R[] }> {
    const raw = await this.raw<R & ObjectLiteral>(variant, qb);
    const compiled = this.variants.get(variant)!;
    const entities = raw.length
      ? (compiled.transformer.transform(raw, compiled.mainAlias) as T[])
      : [];
    return { entities, raw };
  }

  /**
   * The rows as PostgreSQL returns them, no entities: for a query that selects what its caller
   * reads under the names it reads them by (`a.roundId AS "roundId"`), where hydrating entities
   * cost more than the rest of the read.
   */
  async raw<R>(variant: string, qb: SelectQueryBuilder<ObjectLiteral>): Promise<R[]> {
    const dataSource = qb.connection;
    // The connection the query was built on: a transaction's, when built from its manager
    // (TypeORM keeps it protected; getOne() would use the same).
    const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
    const manager = runner?.manager ?? dataSource.manager;
    if (qb.expressionMap.lockMode && !runner?.isTransactionActive) {
      throw new Error(`${this.name}: a locking read outside a transaction locks nothing`);
    }
    const compiled = this.variants.get(variant) ?? this.compile(dataSource, variant, qb);
    const values = this.values(variant, compiled, qb.getParameters());
    return (await manager.query(compiled.sql, values)) as R[];
  }

  /**
   * The rows of a variant as PostgreSQL returns them (no entities), its query built by `build`
   * only the first time the variant runs: for a read so hot that building the query on every
   * request, and hydrating entities from it, cost more than running it. `parameters` are the
   * query's named parameters, the same names as `build`'s query has (checked).
   */
  async rows<R>(
    manager: EntityManager,
    variant: string,
    build: () => SelectQueryBuilder<ObjectLiteral>,
    parameters: ObjectLiteral,
  ): Promise<R[]> {
    const compiled =
      this.variants.get(variant) ?? this.compile(manager.connection, variant, build());
    return (await manager.query(compiled.sql, this.values(variant, compiled, parameters))) as R[];
  }

  async many<T extends ObjectLiteral>(variant: string, qb: SelectQueryBuilder<T>): Promise<T[]> {
    return (await this.rawAndEntities(variant, qb)).entities;
  }

  async one<T extends ObjectLiteral>(
    variant: string,
    qb: SelectQueryBuilder<T>,
  ): Promise<T | undefined> {
    return (await this.rawAndEntities(variant, qb)).entities[0];
  }

  /** The values of `parameters` in the order of the variant's `$n`, once its names are checked. */
  private values(variant: string, compiled: Compiled, parameters: ObjectLiteral): unknown[] {
    const names = Object.keys(parameters).sort().join();
    if (names !== compiled.names) {
      throw new Error(`${this.name} (${variant}): parameters ${names} are not ${compiled.names}`);
    }
    return compiled.order.map((name) => parameters[name]);
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
    const names = Object.keys(markers).sort().join();
    const { expressionMap } = qb;
    if (expressionMap.relationIdAttributes.length > 0) {
      // Their results are per query (loaded separately): a kept hydrator would hold the first.
      throw new Error(`${this.name}: relation ids are not supported`);
    }
    const compiled = {
      sql,
      order,
      names,
      transformer: new RawSqlResultsToEntityTransformer(expressionMap, dataSource.driver, []),
      mainAlias: expressionMap.mainAlias!,
    };
    this.variants.set(variant, compiled);
    return compiled;
  }
}
