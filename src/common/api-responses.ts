import { applyDecorators } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { VALIDATION_CODES } from './app-error';
import type { ValidationCode } from './app-error';

export class FieldProblemView {
  @ApiProperty({ example: 'occurredAt' }) field!: string;
  @ApiProperty({ example: 'must not be in the future', description: 'In English, for people' })
  message!: string;
  @ApiProperty({
    enum: VALIDATION_CODES,
    example: 'in_future',
    description:
      'Stable, for programs and for pages to show their own text: `required`, `invalid` (wrong form), `too_long`/`too_short`, `out_of_range`, `in_future`/`too_old` (time rules), `unknown_facility`, `unknown_unit`, `unit_of_other_facility`, `unknown_user` (lookups), `not_allowed` (a field this caller may not send)',
  })
  code!: ValidationCode;
}

/** The one error body every failure answers with (see the HTTP exception filter). */
export class ErrorBody {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({ example: 'Incident not found' }) message!: string;
  @ApiPropertyOptional({ example: 'NOT_FOUND' }) code?: string;
  @ApiProperty({ type: [FieldProblemView] }) details!: FieldProblemView[];
  @ApiPropertyOptional({ example: '5f0c2b1e-6f1d-4d8e-9a57-3a1c2b7d9e10' }) requestId?: string;
  @ApiPropertyOptional({
    description: 'Sign-in: the password was right; send it again with the `code` of the account',
  })
  mfaRequired?: boolean;
  @ApiPropertyOptional({
    description:
      'This role signs in with a code: set it up (`/auth/mfa/setup`) before anything else',
  })
  mfaSetupRequired?: boolean;
}

/**
 * Documents the error answers an operation gives because of what it does (404 for a missing row,
 * 409 for a conflict, ...). The answers every route of its kind may give — 400 for an unreadable
 * request, 401/403 from the access guard, 413/415 from the body parsers, 500 for a failure of
 * ours, 503 when an engine is down — are added to the document for all operations by
 * `documentCommonAnswers`.
 */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: STATUS_CODES[status], type: ErrorBody }),
    ),
  );

/**
 * Property options for an object that may be null. Swagger's own `{ type, nullable }` writes
 * `type: object` beside the reference, which OpenAPI 3.0 validators read as "never null"; the
 * class must be registered with `@ApiExtraModels`.
 */
export const nullableRef = (model: Type<unknown>) => ({
  nullable: true,
  oneOf: [{ $ref: getSchemaPath(model) }],
});
