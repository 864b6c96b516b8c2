import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, validate } from 'class-validator';
import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError, ErrorCode, FieldProblem } from '../common/app-error';
import { IsTimestampWithOffset } from '../common/timestamp.validator';
import { flattenValidationErrors } from '../common/validation';
import {
  firstRepeat,
  SUPPORT_KINDS,
  SUPPORT_STATES,
  SupportKind,
  SupportState,
} from './victim-support-rules';

/** The most victims a report names (CreateIncidentDto) times the kinds of support. */
export const MAX_SUPPORT_ITEMS = 50 * SUPPORT_KINDS.length;
export const SUPPORT_NOTE_MAX = 2000;

export class SupportItemDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: "The victim's position in `victims`" })
  @IsInt()
  @Min(0)
  @Max(49)
  victimIndex: number;
  @ApiProperty({ enum: SUPPORT_KINDS }) @IsIn(SUPPORT_KINDS) kind: SupportKind;
  @ApiProperty({ enum: SUPPORT_STATES }) @IsIn(SUPPORT_STATES) state: SupportState;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    nullable: true,
    example: '2026-03-20T12:00:00+05:00',
  })
  @IsOptional()
  @IsTimestampWithOffset()
  dueAt?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: SUPPORT_NOTE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SUPPORT_NOTE_MAX)
  note?: string | null;
}

/**
 * The body of `PUT /incidents/:id/support`: the whole list, as JSON array. Each item is checked
 * like any body, its problems named `[2].kind`; a victim and kind may appear once.
 */
@Injectable()
export class SupportListPipe implements PipeTransform<unknown, Promise<SupportItemDto[]>> {
  async transform(value: unknown): Promise<SupportItemDto[]> {
    if (!Array.isArray(value)) throw AppError.invalid('body', 'must be a list of support items');
    if (value.length > MAX_SUPPORT_ITEMS)
      throw AppError.invalid('body', `must hold at most ${MAX_SUPPORT_ITEMS} items`);
    const problems: FieldProblem[] = [];
    const items: SupportItemDto[] = [];
    for (const [i, raw] of value.entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        problems.push({ field: `[${i}]`, message: 'must be an object' });
        continue;
      }
      const item = plainToInstance(SupportItemDto, raw);
      const errors = await validate(item, {
        whitelist: true,
        forbidNonWhitelisted: true,
        validationError: { target: false, value: false },
      });
      problems.push(...flattenValidationErrors(errors, `[${i}]`));
      items.push(item);
    }
    if (problems.length === 0) {
      const repeat = firstRepeat(items);
      if (repeat >= 0)
        problems.push({
          field: `[${repeat}].kind`,
          message: 'repeats a kind of support already listed for this victim',
        });
    }
    if (problems.length)
      throw new AppError(
        ErrorCode.ValidationFailed,
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        problems,
      );
    return items;
  }
}
