import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A list of objects of one class, each validated. Each entry must be an object: a list inside the
 * list is refused (400 naming the field) instead of being walked into as if it were the entry.
 */
export const EachValidated = (type: () => new () => object) =>
  applyDecorators(
    IsObject({ each: true, message: 'each entry must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
