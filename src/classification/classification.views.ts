import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageView } from '../common/page-view';
import { FACTS, OPERATORS } from './rule-set.types';
import type { Fact, Operator, Penalty } from './rule-set.types';

const PENALTY_KINDS = ['restricted_freedom', 'imprisonment', 'fine', 'other'] as const;

/** A fact's value: a flag, a count, a code, a list of them, or (for a correction) an object. */
export const FACT_VALUE = {
  oneOf: [
    { type: 'boolean' },
    { type: 'number' },
    { type: 'string' },
    {
      type: 'array',
      items: { oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] },
    },
    { type: 'object', additionalProperties: true },
  ],
};

export class PenaltyView implements Penalty {
  @ApiProperty({ enum: PENALTY_KINDS }) kind: (typeof PENALTY_KINDS)[number];
  @ApiPropertyOptional() years?: number;
  @ApiPropertyOptional() description?: string;
}

export class CategoryView {
  @ApiProperty({ example: 'assault' }) code: string;
  @ApiProperty({ description: 'Higher is graver' }) severity: number;
  @ApiProperty({ type: PenaltyView }) maxPenalty: PenaltyView;
  @ApiProperty({ description: 'Minutes a police post has to acknowledge an alert' })
  ackDeadlineMinutes: number;
  @ApiProperty({
    description:
      'Whole years the personal data of a closed incident of this category is kept after closing; then it is erased',
    example: 16,
  })
  personalDataRetentionYears: number;
}

export class ConditionView {
  @ApiProperty({ enum: FACTS }) fact: Fact;
  @ApiProperty({ enum: OPERATORS }) op: Operator;
  @ApiProperty({ ...FACT_VALUE, description: 'A list for "in"' })
  value: boolean | number | string | Array<string | number | boolean>;
}

export class RuleView {
  @ApiProperty() category: string;
  @ApiProperty({ type: [ConditionView], description: 'Every condition must hold' })
  when: ConditionView[];
}

/** One version of the classification rules. */
export class RuleSetView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) effectiveFrom: Date;
  @ApiProperty({ example: '158-1' }) article: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [CategoryView] }) categories: CategoryView[];
  @ApiProperty({ type: [String] }) medicalWorkerRoles: string[];
  @ApiProperty({ type: [RuleView] }) rules: RuleView[];
  @ApiProperty() fallbackCategory: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export const RuleSetPage = PageView(RuleSetView, 'RuleSetPage');

/** A state of emergency on record: national when `regionId` is null. */
export class EmergencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) regionId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) from: Date;
  @ApiProperty({ type: String, format: 'date-time' }) to: Date;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export const EmergencyPage = PageView(EmergencyView, 'EmergencyPage');

/** A fact that decided the category, in words a reporter can read. */
export class ReasonView {
  @ApiProperty({ example: 'physicalViolence' }) fact: string;
  @ApiProperty(FACT_VALUE) value: unknown;
  @ApiProperty({ example: 'physical violence was used (physical_assault)' }) message: string;
}
