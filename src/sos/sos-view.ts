import type { AlertStatus } from '../alerts/alert.entity';
import { mapUrl } from '../alerts/alert-view';
import type { FieldCipher } from '../privacy/field-cipher';
import type { Sos } from './sos.entity';
import type { SosAlertRow, SosRow } from './sos.queries';
import { SosHistoryView, SosView } from './sos.views';

export function sosFromRow(r: SosRow): Sos {
  return {
    id: r.id,
    reference: r.reference,
    facilityId: r.facility_id,
    unitId: r.unit_id,
    reporterId: r.reporter_id,
    placeKind: r.place_kind,
    lat: r.lat,
    lon: r.lon,
    accuracyM: r.accuracy_m,
    locationSource: r.location_source,
    status: r.status,
    incidentId: r.incident_id,
    attachedAt: r.attached_at,
    closeReason: r.close_reason,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    createdAt: r.created_at,
  };
}

type AlertPart = Pick<SosAlertRow, 'id' | 'police_post_id' | 'priority' | 'escalation_level'> & {
  status: string;
};

/** Where it was sent from, decrypted. */
export function sosLocation(cipher: FieldCipher, s: Pick<Sos, 'lat' | 'lon' | 'accuracyM'>) {
  return {
    lat: cipher.openNumber('sos.lat', s.lat),
    lon: cipher.openNumber('sos.lon', s.lon),
    accuracyM: cipher.openNumber('sos.accuracy_m', s.accuracyM),
  };
}

export function sosView(s: Sos, alerts: AlertPart[], cipher: FieldCipher): SosView {
  const { lat, lon, accuracyM } = sosLocation(cipher, s);
  const history: SosHistoryView[] = [{ at: s.createdAt, type: 'created', note: null }];
  if (s.attachedAt) history.push({ at: s.attachedAt, type: 'attached', note: null });
  if (s.closedAt) history.push({ at: s.closedAt, type: 'closed', note: s.closeReason });
  return {
    id: s.id,
    reference: s.reference,
    status: s.status,
    facilityId: s.facilityId,
    unitId: s.unitId,
    reporterId: s.reporterId,
    placeKind: s.placeKind,
    location:
      lat === null || lon === null
        ? null
        : { lat, lon, accuracyM, source: s.locationSource, mapUrl: mapUrl(lat, lon) },
    incidentId: s.incidentId,
    closeReason: s.closeReason,
    closedBy: s.closedBy,
    closedAt: s.closedAt,
    attachedAt: s.attachedAt,
    createdAt: s.createdAt,
    alerts: alerts.map((a) => ({
      id: a.id,
      policePostId: a.police_post_id,
      status: a.status as AlertStatus,
      priority: a.priority,
      escalationLevel: a.escalation_level,
    })),
    history,
  };
}
