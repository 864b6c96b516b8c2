import { ApiProperty } from '@nestjs/swagger';
import { FACILITY_TYPES } from './dimensions.service';
import type { ResponseFigures, ResponseTimes } from './response-times.service';
import type { TrendPoint } from './monthly-figures';
import type { Grouping, MonthlyFigures, MonthlyRow } from './statistics.service';
import { GROUPINGS } from './statistics.service';
import { SupportSharesView } from './support-shares';

const MONTH = { example: '2026-03', pattern: '^\\d{4}-\\d{2}$' };
const COUNT = { type: 'integer', minimum: 0 } as const;

export class MonthlyRowView implements MonthlyRow {
  @ApiProperty({ description: 'Region or facility id, or the code of the type or category' })
  key: string;
  @ApiProperty({ description: "The key's name in the language asked for" }) label: string;
  @ApiProperty(COUNT) count: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description:
      "Events of the month under the key: an event counts once, under its earliest report's region, facility, type, category and perpetrator type; null for victimRole, whose rows count victims",
  })
  events: number | null;
  @ApiProperty(COUNT) previousMonth: number;
  @ApiProperty(COUNT) sameMonthLastYear: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Per 1,000 medical staff; null where the key has no staff count',
  })
  ratePer1000Staff: number | null;
}

export class MonthlyFiguresView implements MonthlyFigures {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ enum: GROUPINGS }) groupBy: Grouping;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) regionId: string | null;
  @ApiProperty({ ...COUNT, description: 'Reports (incidents) in the month' }) total: number;
  @ApiProperty(COUNT) previousMonth: number;
  @ApiProperty(COUNT) sameMonthLastYear: number;
  @ApiProperty({
    ...COUNT,
    description:
      'Events in the month: reports joined into one event count once, in the month of the earliest; a report in no event is an event of its own',
  })
  events: number;
  @ApiProperty({
    ...COUNT,
    description:
      'Distinct persons harmed: a person named in several reports of one event counts once, in the month of the report that counts them',
  })
  victims: number;
  @ApiProperty(COUNT) withFootage: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: "Share of the month's incidents with footage linked; null without incidents",
  })
  footageShare: number | null;
  @ApiProperty({ type: 'number', nullable: true }) ratePer1000Staff: number | null;
  @ApiProperty({
    type: [MonthlyRowView],
    description: 'For victimRole the rows count victims; for every other grouping, incidents',
  })
  rows: MonthlyRowView[];
  @ApiProperty({
    type: SupportSharesView,
    description:
      "Victim support over the month's incidents: victims, those offered support (at least one item), those whose support is completed (every item completed or declined, at least one completed)",
  })
  support?: SupportSharesView;
}

export class TrendSeriesView {
  @ApiProperty({ description: "The grouping's key, or `total` without a grouping" }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: [Number], description: 'One count per month of `months`, in order' })
  values: number[];
}

export class TrendPointView implements TrendPoint {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ ...COUNT, description: 'Reports in the month' }) total: number;
  @ApiProperty({ ...COUNT, description: 'Events whose earliest report is in the month' })
  events: number;
  @ApiProperty({ ...COUNT, description: 'Distinct persons harmed' }) victims: number;
}

export class TrendView {
  @ApiProperty(MONTH) from: string;
  @ApiProperty(MONTH) to: string;
  @ApiProperty({ enum: GROUPINGS, nullable: true, description: 'Null: one series of totals' })
  groupBy: Grouping | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) regionId: string | null;
  @ApiProperty({ type: [String], example: ['2026-02', '2026-03'] }) months: string[];
  @ApiProperty({ type: [TrendSeriesView] }) series: TrendSeriesView[];
  @ApiProperty({
    type: [TrendPointView],
    description: 'One per month of `months`, in order: reports, events and victims over every key',
  })
  points: TrendPointView[];
}

export class ResponseFiguresView implements ResponseFigures {
  @ApiProperty({ ...COUNT, description: 'Alerts raised to police posts, escalations included' })
  alerts: number;
  @ApiProperty(COUNT) acknowledgedInTime: number;
  @ApiProperty(COUNT) acknowledgedLate: number;
  @ApiProperty(COUNT) neverAcknowledged: number;
  @ApiProperty(COUNT) escalated: number;
  @ApiProperty({ ...COUNT, description: 'The incidents the times are over' })
  acknowledgedIncidents: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Seconds from filing to the first acknowledgement; null without any',
  })
  median: number | null;
  @ApiProperty({ type: 'number', nullable: true }) p90: number | null;
}

export class RegionResponseFiguresView extends ResponseFiguresView {
  @ApiProperty({ format: 'uuid', description: 'The region' }) key: string;
  @ApiProperty() label: string;
}

export class ResponseTimesView implements ResponseTimes {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ description: 'What the times are over, in the language asked for' })
  note: string;
  @ApiProperty({ type: ResponseFiguresView }) overall: ResponseFiguresView;
  @ApiProperty({ type: [RegionResponseFiguresView] }) rows: RegionResponseFiguresView[];
}

export class CoverageRowView {
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionLabel: string;
  @ApiProperty({ enum: FACILITY_TYPES }) facilityType: string;
  @ApiProperty() typeLabel: string;
  @ApiProperty(COUNT) facilities: number;
  @ApiProperty({ ...COUNT, description: 'Facilities a police post covers' }) covered: number;
  @ApiProperty(COUNT) uncovered: number;
  @ApiProperty(COUNT) incidents: number;
  @ApiProperty(COUNT) incidentsAtUncovered: number;
}

export class UncoveredFacilityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ enum: FACILITY_TYPES }) facilityType: string;
  @ApiProperty(COUNT) incidents: number;
}

export class CoverageView {
  @ApiProperty(MONTH) from: string;
  @ApiProperty(MONTH) to: string;
  @ApiProperty({ type: [CoverageRowView] }) rows: CoverageRowView[];
  @ApiProperty({ type: [UncoveredFacilityView], description: 'Most incidents first' })
  uncoveredFacilities: UncoveredFacilityView[];
}

export class MapRegionView {
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ example: 'KZ-75', description: 'ISO 3166-2:KZ code: the shape the map draws' })
  code: string;
  @ApiProperty() label: string;
  @ApiProperty({ ...COUNT, description: 'Incidents of the month in the region' })
  incidents: number;
}

export class MapFacilityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: FACILITY_TYPES }) type: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ type: 'number', minimum: -90, maximum: 90 }) lat: number;
  @ApiProperty({ type: 'number', minimum: -180, maximum: 180 }) lon: number;
  @ApiProperty({ description: 'A police post covers the facility' }) covered: boolean;
  @ApiProperty({ ...COUNT, description: 'Incidents of the month at the facility' })
  incidents: number;
}

export class MapView {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ type: [MapRegionView], description: 'Every region, by code' })
  regions: MapRegionView[];
  @ApiProperty({ type: [MapFacilityView] }) facilities: MapFacilityView[];
}
