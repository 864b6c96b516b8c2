import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** ISO-8601 date-time with an explicit offset (Z or ±hh:mm), as the contract requires. */
export const IsTimestampWithOffset = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date-time' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-03-14T02:40:00+05:00',
    }),
  );
