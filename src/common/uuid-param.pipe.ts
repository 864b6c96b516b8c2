import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** `@Param('id', UuidParam)`: a malformed id is a 400 naming the parameter, not a 500 from the database. */
export const UuidParam = new ParseUUIDPipe({
  version: 'all',
  exceptionFactory: () => AppError.invalid('id', 'must be a UUID'),
});

export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: 'all',
    exceptionFactory: () => AppError.invalid(name, 'must be a UUID'),
  });
}
