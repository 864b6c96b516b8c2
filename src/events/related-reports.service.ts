import { Injectable } from '@nestjs/common';
import { Caller, UserActor } from '../auth/roles';
import { AppConfig } from '../config/app-config';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { FieldCipher } from '../privacy/field-cipher';
import { Incident } from '../incidents/incident.entity';
import { PlacedReport, relatedReasons } from './related-match';
import { RelatedReportView } from './events.views';

/** Candidates read before the place is weighed; a hospital's busiest hour holds far fewer. */
const CANDIDATES = 200;

/** Reports that may describe the same attack as this one, among those the caller may see. */
@Injectable()
export class RelatedReportsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly cipher: FieldCipher,
    private readonly config: AppConfig,
  ) {}

  async related(caller: Caller<UserActor>, id: string): Promise<RelatedReportView[]> {
    const self = await this.incidents.findVisible(caller.actor, id);
    const placed = this.placed(self);
    const window = this.config.events.matchMinutes * 60_000;
    const qb = this.incidents
      .visibleTo(caller.actor)
      .andWhere('i.id <> :self', { self: self.id })
      .andWhere('i.reporter_id <> :reporter', { reporter: self.reporterId })
      .andWhere('i.occurred_at BETWEEN :from AND :to', {
        from: new Date(self.occurredAt.getTime() - window),
        to: new Date(self.occurredAt.getTime() + window),
      })
      .andWhere(
        `(i.facility_id = :facility OR i.unit_id = :unit${placed.lat !== null ? ' OR i.place_lat IS NOT NULL' : ''})`,
        { facility: self.facilityId, unit: self.unitId },
      );
    if (self.eventId)
      qb.andWhere('(i.event_id IS NULL OR i.event_id <> :event)', { event: self.eventId });
    const candidates = await qb
      .orderBy('i.occurred_at', 'ASC')
      .addOrderBy('i.id')
      .limit(CANDIDATES)
      .getMany();
    return candidates
      .map((other) => ({
        other,
        reasons: relatedReasons(placed, this.placed(other), this.config.events.matchMinutes),
      }))
      .filter((c) => c.reasons !== null)
      .sort(
        (x, y) =>
          Math.abs(x.other.occurredAt.getTime() - self.occurredAt.getTime()) -
          Math.abs(y.other.occurredAt.getTime() - self.occurredAt.getTime()),
      )
      .map(({ other, reasons }) => ({
        incidentId: other.id,
        reference: other.reference,
        occurredAt: other.occurredAt,
        category: other.category,
        reasons: reasons!,
      }));
  }

  private placed(i: Incident): PlacedReport {
    return {
      id: i.id,
      facilityId: i.facilityId,
      unitId: i.unitId,
      placeKind: i.placeKind,
      occurredAt: i.occurredAt,
      lat: this.cipher.openNumber('incidents.place_lat', i.placeLat),
      lon: this.cipher.openNumber('incidents.place_lon', i.placeLon),
    };
  }
}
