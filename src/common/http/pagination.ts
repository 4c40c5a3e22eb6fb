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
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQuery,
  columns: KeysetColumn<T>[],
  direction: 'ASC' | 'DESC' = 'DESC',
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor) {
    const values = decodeCursor(query.cursor, columns.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    const left = columns.map((c) => c.expression).join(', ');
    const right = values.map((_, i) => `:cursor${i}`).join(', ');
    qb.andWhere(`(${left}) ${direction === 'DESC' ? '<' : '>'} (${right})`, params);
  }
  columns.forEach((c, i) =>
    i === 0 ? qb.orderBy(c.expression, direction) : qb.addOrderBy(c.expression, direction),
  );
  const rows = await qb.take(limit + 1).getMany();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(columns.map((c) => c.value(last))) : null;
  return { data, nextCursor };
}
