import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FacilityType, UnitKind, unitKindAllowedAt } from '../directory/directory.types';

/** What the units page reads beyond the API: which kinds of unit the facility may have. */
@Injectable()
export class FacilityUnitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An admission department at a hospital, ambulance teams at a station. */
  async unitKindsAt(facilityId: string): Promise<UnitKind[]> {
    const [row] = (await this.dataSource.query(`SELECT type FROM facilities WHERE id = $1`, [
      facilityId,
    ])) as Array<{ type: FacilityType }>;
    return Object.values(UnitKind).filter((k) => row && unitKindAllowedAt(k, row.type));
  }
}
