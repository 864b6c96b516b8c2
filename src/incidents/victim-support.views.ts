import { ApiProperty } from '@nestjs/swagger';
import { SUPPORT_KINDS, SUPPORT_STATES } from './victim-support-rules';
import type { SupportKind, SupportState } from './victim-support-rules';

const MOMENT = { type: 'string', format: 'date-time' } as const;

/** One kind of support for one victim, as stored. */
export class SupportItemView {
  @ApiProperty({ type: 'integer', minimum: 0, description: "The victim's position in `victims`" })
  victimIndex: number;
  @ApiProperty({ enum: SUPPORT_KINDS }) kind: SupportKind;
  @ApiProperty({ enum: SUPPORT_STATES }) state: SupportState;
  @ApiProperty({ ...MOMENT, nullable: true }) dueAt: Date | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Health-related personal data: stored encrypted, erased with the report’s',
  })
  note: string | null;
  @ApiProperty({
    description: 'The due date has passed and the item is neither completed nor declined',
  })
  overdue: boolean;
  @ApiProperty({ ...MOMENT, description: 'When this item last changed' }) updatedAt: Date;
  @ApiProperty({ format: 'uuid', description: 'Who last changed this item' }) updatedBy: string;
}
