import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATUSES } from '../alerts/alert.entity';
import type { AlertStatus } from '../alerts/alert.entity';
import { PenaltyView, ReasonView } from '../classification/classification.views';
import { INCIDENT_KINDS, INJURIES, VICTIM_ROLES } from '../classification/rule-set.types';
import { nullableRef } from '../common/api-responses';
import { IncidentEventView } from '../events/events.views';
import { PageView } from '../common/page-view';
import { PERPETRATOR_TYPES, PLACE_KINDS } from './incident.dto';
import type { HistoryType } from './incident.entity';
import { IncidentStatus, OUTCOMES } from './incident-status';
import type { Outcome } from './incident-status';

const DATE_TIME = { type: String, format: 'date-time' } as const;
const HISTORY_TYPES = [
  'created',
  'status_changed',
  'reclassified',
  'personal_data_erased',
  'addendum',
  'support_updated',
  'event_joined',
  'event_left',
] as const satisfies readonly HistoryType[];

export class PlaceKindView {
  @ApiProperty({ enum: PLACE_KINDS }) kind: string;
}

export class PlaceView extends PlaceKindView {
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lon: number | null;
}

export class VictimView {
  @ApiProperty({ enum: VICTIM_ROLES }) role: string;
  @ApiProperty({ enum: INJURIES }) injury: string;
  @ApiProperty({ type: String, nullable: true }) fullName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
}

export class PerpetratorsView {
  @ApiProperty({ enum: PERPETRATOR_TYPES }) type: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
}

export class ClassificationSummaryView {
  @ApiProperty({ example: '158-1' }) article: string;
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ type: PenaltyView }) maxPenalty: PenaltyView;
  @ApiProperty() ruleSetVersion: number;
}

export class ClassificationView extends ClassificationSummaryView {
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
}

/** What a report would be classified as; nothing is filed. */
export class ClassificationPreviewView {
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ type: PenaltyView }) maxPenalty: PenaltyView;
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
  @ApiProperty() ruleSetVersion: number;
}

export class AlertAcknowledgerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

@ApiExtraModels(AlertAcknowledgerView)
export class IncidentAlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ enum: ALERT_STATUSES }) status: AlertStatus;
  @ApiProperty({ description: '1 is the most urgent' }) priority: number;
  @ApiProperty({ description: '0 for the first post alerted' }) escalationLevel: number;
  @ApiProperty({ type: String, nullable: true, description: "The post's name" })
  postName: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) acknowledgedAt: Date | null;
  @ApiProperty({
    ...nullableRef(AlertAcknowledgerView),
    description: 'The officer who acknowledged; not shown to reporters',
  })
  acknowledgedBy: AlertAcknowledgerView | null;
}

export class HistoryActorView {
  @ApiProperty({ type: String, nullable: true, example: 'police' }) role: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Not shown to reporters: they see which role acted, not who',
  })
  id?: string | null;
}

export class HistoryEntryView {
  @ApiProperty(DATE_TIME) at: Date;
  @ApiProperty({ enum: HISTORY_TYPES }) type: HistoryType;
  @ApiProperty({ type: HistoryActorView }) actor: HistoryActorView;
  @ApiProperty({ enum: IncidentStatus, nullable: true }) fromStatus: string | null;
  @ApiProperty({ enum: IncidentStatus, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

/** Fields a list row and the full report share; a list row carries no personal data. */
class IncidentFacts {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INC-2026-000123' }) reference: string;
  @ApiProperty({ enum: IncidentStatus }) status: IncidentStatus;
  @ApiProperty(DATE_TIME) occurredAt: Date;
  @ApiProperty({ format: 'uuid' }) facilityId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty({ enum: INCIDENT_KINDS }) kind: string;
  @ApiProperty({ description: 'The fact the classification used' })
  duringStateOfEmergency: boolean;
  @ApiProperty(DATE_TIME) createdAt: Date;
  @ApiProperty(DATE_TIME) updatedAt: Date;
}

export class IncidentSummary extends IncidentFacts {
  @ApiProperty({ type: PlaceKindView }) place: PlaceKindView;
  @ApiProperty() victimCount: number;
  @ApiProperty({ type: ClassificationSummaryView }) classification: ClassificationSummaryView;
}

export const IncidentPage = PageView(IncidentSummary, 'IncidentPage');

/** What the reporter or the facility's admin added after filing; append-only. */
export class AddendumView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty(DATE_TIME) createdAt: Date;
}

/** The full report, with personal data; every read of it is audited. */
@ApiExtraModels(IncidentEventView)
export class IncidentView extends IncidentFacts {
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty({ type: PlaceView }) place: PlaceView;
  @ApiProperty({ description: 'What the reporter ticked' }) reportedStateOfEmergency: boolean;
  @ApiProperty({ type: [VictimView] }) victims: VictimView[];
  @ApiProperty({ type: PerpetratorsView }) perpetrators: PerpetratorsView;
  @ApiProperty({ type: String, nullable: true, description: 'Null once erased' })
  narrative: string | null;
  @ApiProperty({ type: String, nullable: true }) witnesses: string | null;
  @ApiProperty({ type: ClassificationView }) classification: ClassificationView;
  @ApiProperty({ type: [IncidentAlertView] }) alerts: IncidentAlertView[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The SOS this report attached to',
  })
  sosId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pre-trial investigation register (ERDR) number',
  })
  erdrNumber: string | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
  @ApiProperty({ type: String, nullable: true }) finalArticle: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) closedAt: Date | null;
  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    description:
      "When the personal fields (names, narrative, witnesses, address, coordinates, perpetrators' description) were erased after the retention period; null while kept",
  })
  personalDataErasedAt: Date | null;
  @ApiProperty({ type: [HistoryEntryView] }) history: HistoryEntryView[];
  @ApiProperty({ type: [AddendumView], description: 'Oldest first' }) addenda: AddendumView[];
  @ApiProperty({
    ...nullableRef(IncidentEventView),
    description: 'The event (several reports of one attack) this report is in; null for none',
  })
  event: IncidentEventView | null;
}
