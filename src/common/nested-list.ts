import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/**
 * One object of a class, validated. A list or a scalar in its place is refused (400 naming the
 * field) instead of being walked into as if it were the object.
 */
export const ObjectValidated = (type: () => new () => object) =>
  applyDecorators(
    IsDefined(),
    IsObject({ message: 'must be an object' }),
    ValidateNested(),
    Type(type),
  );

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
