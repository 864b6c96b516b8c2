import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './pagination';

/**
 * The documented shape of one page of a list (`{ items, nextCursor }`) of `item`, as a schema
 * named `name` in the OpenAPI document.
 */
export function PageView<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageOf implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last page',
    })
    nextCursor: string | null;
  }
  Object.defineProperty(PageOf, 'name', { value: name });
  return PageOf;
}
