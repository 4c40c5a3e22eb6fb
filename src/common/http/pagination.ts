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

/**
 * Keyset pagination: orders by `columns` (all descending or all ascending), continues after the
 * cursor with one row-value comparison that an index on the same columns answers directly.
 *
 * `fixed`: columns the query pins with an equality filter. Ordering by them first changes nothing
 * in the result but lets PostgreSQL read the page straight off the filter's index (fixed columns,
 * then `columns`), instead of walking the index on `columns` alone past every row the filter
 * drops — which it otherwise prefers when the filtered rows are all old (an earlier round).
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  columns: KeysetColumn<T>[],
  direction: 'ASC' | 'DESC' = 'DESC',
  fixed: string[] = [],
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor) {
    const values = decodeCursor(query.cursor, columns.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    const left = columns.map((c) => c.expression).join(', ');
    const right = values.map((_, i) => `:cursor${i}`).join(', ');
    qb.andWhere(`(${left}) ${direction === 'DESC' ? '<' : '>'} (${right})`, params);
  }
  orderForKeyset(qb, columns, direction, fixed);
  const rows = await qb.take(limit + 1).getMany();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(columns.map((c) => c.value(last))) : null;
  return { data, nextCursor };
}

/** The ORDER BY of `paginate`: the fixed columns, then the keyset columns, all one direction. */
export function orderForKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  columns: KeysetColumn<T>[],
  direction: 'ASC' | 'DESC',
  fixed: string[] = [],
): SelectQueryBuilder<T> {
  [...fixed, ...columns.map((c) => c.expression)].forEach((expression, i) =>
    i === 0 ? qb.orderBy(expression, direction) : qb.addOrderBy(expression, direction),
  );
  return qb;
}
