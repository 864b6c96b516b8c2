import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from './app-error';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset pagination on (sortColumn, id), either direction: stable while rows are added, no OFFSET scans.
 * The cursor is opaque to clients: base64url of the last row's sort value and id.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  page: PageQuery,
  sort: { column: string; valueOf: (row: E) => string; direction?: 'ASC' | 'DESC' },
): Promise<Page<E>> {
  const limit = page.limit ?? 50;
  const direction = sort.direction ?? 'ASC';
  const alias = qb.alias;
  if (page.cursor) {
    const [value, id] = decodeCursor(page.cursor);
    qb.andWhere(
      `(${alias}.${sort.column}, ${alias}.id) ${direction === 'ASC' ? '>' : '<'} (:cursorValue, :cursorId)`,
      {
        cursorValue: value,
        cursorId: id,
      },
    );
  }
  const rows = await qb
    .orderBy(`${alias}.${sort.column}`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([sort.valueOf(last), last.id])).toString('base64url')
      : null;
  return { items, nextCursor };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      UUID.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the clear error below
  }
  throw AppError.invalid('cursor', 'is not a cursor returned by this list');
}
