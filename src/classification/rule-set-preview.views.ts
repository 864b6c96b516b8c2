import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PenaltyView, ReasonView } from './classification.views';
import { INCIDENT_KINDS, INJURIES, VICTIM_ROLES } from './rule-set.types';

export class SampleVictimView {
  @ApiProperty({ enum: VICTIM_ROLES }) role: string;
  @ApiProperty({ enum: INJURIES }) injury: string;
}

export class SampleReportView {
  @ApiPropertyOptional() label?: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind: string;
  @ApiProperty({ type: [SampleVictimView] }) victims: SampleVictimView[];
  @ApiProperty() perpetratorCount: number;
  @ApiProperty() duringStateOfEmergency: boolean;
}

export class PreviewClassificationView {
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ type: PenaltyView }) maxPenalty: PenaltyView;
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
}

export class SamplePreviewView {
  @ApiProperty({ type: SampleReportView }) sample: SampleReportView;
  @ApiProperty({ type: PreviewClassificationView, description: 'Under the draft' })
  draft: PreviewClassificationView;
  @ApiProperty({
    type: PreviewClassificationView,
    nullable: true,
    description: 'Under the version in force now; null when none is',
  })
  current: PreviewClassificationView | null;
  @ApiProperty({ description: 'The draft gives another category or maximum penalty' })
  changed: boolean;
}

/** How sample reports would be classified under a draft rule set; nothing is stored. */
export class RuleSetPreviewView {
  @ApiProperty({ type: Number, nullable: true, description: 'The version in force now' })
  currentVersion: number | null;
  @ApiProperty({ type: [SamplePreviewView] }) samples: SamplePreviewView[];
}
