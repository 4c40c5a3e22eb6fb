import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../errors/app-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

type CursorValue = string | number;

/** One keyset column of a list's sort order, e.g. `{ expression: 'u.createdAt', key: 'createdAt' }`. */
export interface KeysetColumn<T> {
  /** The column as the query builder names it (alias.property). */
  expression: string;
  /** Reads the column's value from a loaded row, for the next cursor. */
  value: (row: T) => CursorValue | Date;
}

function decodeCursor(cursor: string, width: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === width &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not valid for this list', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}

function encodeCursor(values: (CursorValue | Date)[]): string {
  const plain = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(JSON.stringify(plain), 'utf8').toString('base64url');
}

/** A column a list pins with an equality filter (its value), e.g. a round's applications. */
export interface PinnedColumn {
  /** The column as the query builder names it (alias.property). */
  expression: string;
  value: CursorValue;
}

/**
 * Keyset pagination: orders by `columns` (all descending or all ascending), continues after the
 * cursor with one row-value comparison that an index on the same columns answers directly.
 *
 * `pinned`: columns the list filters by equality, given here instead of as `=` filters. They lead
 * the order and every comparison, and their filter is the row range `(pinned) >= (values)` up to
 * the cursor (or `<= (values)`), so PostgreSQL reads the page straight off the index that starts
 * with them (pinned, then `columns`). Written as `=`, the planner would also consider the index on
 * `columns` alone (an equality makes its column irrelevant to the order) and, when the pinned rows
 * are all old (an earlier round), walk it past every newer row the filter drops.
 */
export function keyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  columns: KeysetColumn<T>[],
  direction: 'ASC' | 'DESC' = 'DESC',
  pinned: PinnedColumn[] = [],
): SelectQueryBuilder<T> {
  const [before, after] = direction === 'DESC' ? ['<', '>='] : ['>', '<='];
  const row = (names: string[]) => `(${names.join(', ')})`;
  const pinnedExpressions = pinned.map((p) => p.expression);
  const pinnedParams = Object.fromEntries(pinned.map((p, i) => [`pinned${i}`, p.value]));
  const pinnedValues = pinned.map((_, i) => `:pinned${i}`);
  if (pinned.length) {
    qb.andWhere(`${row(pinnedExpressions)} ${after} ${row(pinnedValues)}`, pinnedParams);
  }
  if (query.cursor) {
    const values = decodeCursor(query.cursor, columns.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    const left = row([...pinnedExpressions, ...columns.map((c) => c.expression)]);
    const right = row([...pinnedValues, ...values.map((_, i) => `:cursor${i}`)]);
    qb.andWhere(`${left} ${before} ${right}`, { ...pinnedParams, ...params });
  } else if (pinned.length) {
    const upTo = direction === 'DESC' ? '<=' : '>=';
    qb.andWhere(`${row(pinnedExpressions)} ${upTo} ${row(pinnedValues)}`, pinnedParams);
  }
  [...pinnedExpressions, ...columns.map((c) => c.expression)].forEach((expression, i) =>
    i === 0 ? qb.orderBy(expression, direction) : qb.addOrderBy(expression, direction),
  );
  return qb.take((query.limit ?? DEFAULT_PAGE_SIZE) + 1);
}

/** The page of `rows` (one more than the limit was read, to know whether another page follows). */
export function pageOf<T>(rows: T[], query: PageQuery, columns: KeysetColumn<T>[]): Page<T> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(columns.map((c) => c.value(last))) : null;
  return { data, nextCursor };
}

/** `keyset`, run: one page and the cursor of the next. */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  columns: KeysetColumn<T>[],
  direction: 'ASC' | 'DESC' = 'DESC',
  pinned: PinnedColumn[] = [],
): Promise<Page<T>> {
  const rows = await keyset(qb, query, columns, direction, pinned).getMany();
  return pageOf(rows, query, columns);
}
