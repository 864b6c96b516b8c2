import { ApiProperty } from '@nestjs/swagger';
import { DeviceKind, FacilityType, UnitKind } from './directory.types';

const MOMENT = { type: 'string', format: 'date-time' } as const;

/** What every directory record carries. */
class DirectoryRecordView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Demo or synthetic data, never in a real deployment by default' })
  isDemo: boolean;
  @ApiProperty(MOMENT) createdAt: Date;
  @ApiProperty(MOMENT) updatedAt: Date;
}

export class RegionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KZ-75', description: 'ISO 3166-2:KZ code' }) code: string;
  @ApiProperty({ enum: ['region', 'city'], description: 'city: of republican significance' })
  kind: 'region' | 'city';
  @ApiProperty() nameEn: string;
  @ApiProperty() nameRu: string;
  @ApiProperty() nameKk: string;
  @ApiProperty(MOMENT) createdAt: Date;
}

/** A facility's accounts that can sign in, by role (deactivated accounts left out). */
export class FacilityAccountsView {
  @ApiProperty({ type: 'integer', minimum: 0 }) staff: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) facilityAdmin: number;
}

export class FacilityView extends DirectoryRecordView {
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ enum: FacilityType }) type: FacilityType;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty({ example: 43.2389 }) lat: number;
  @ApiProperty({ example: 76.8897 }) lon: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Medical staff, for rates' })
  staffCount: number;
  @ApiProperty({ type: FacilityAccountsView, description: 'Active accounts by role' })
  activeAccounts: FacilityAccountsView;
}

export class UnitView extends DirectoryRecordView {
  @ApiProperty({ format: 'uuid' }) facilityId: string;
  @ApiProperty({ enum: UnitKind }) kind: UnitKind;
  @ApiProperty() name: string;
}

export class DeviceView extends DirectoryRecordView {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ enum: DeviceKind }) kind: DeviceKind;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ type: 'string', nullable: true }) model: string | null;
}

/** A unit's device API key as listed: never the key itself, which only its creation answer shows. */
export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "The key's public part (mgk_<prefix>_…), to tell keys apart" })
  prefix: string;
  @ApiProperty(MOMENT) createdAt: Date;
  @ApiProperty({ ...MOMENT, nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ ...MOMENT, nullable: true }) revokedAt: Date | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key, shown in this answer only: send it as X-Api-Key' })
  key: string;
}
