/**
 * Whether another report may describe the same attack as this one, and why: the pages show the
 * reasons as suggestions, a person decides. Reports match when they happened close in time and at
 * the same place: the same facility, or — for ambulance calls, where the facility is the
 * substation and not the scene — the same team or coordinates within `NEARBY_METRES`.
 */

export const NEARBY_METRES = 200;

export interface PlacedReport {
  id: string;
  facilityId: string;
  unitId: string | null;
  placeKind: string;
  occurredAt: Date;
  /** Decrypted; null when the report has none. */
  lat: number | null;
  lon: number | null;
}

export type RelatedReason =
  | { code: 'same_facility' }
  | { code: 'same_unit' }
  | { code: 'nearby_address'; metres: number }
  | { code: 'close_in_time'; minutes: number };

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine), in metres. */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The reasons `b` may be the same event as `a`, or null when it is not a suggestion. */
export function relatedReasons(
  a: PlacedReport,
  b: PlacedReport,
  windowMinutes: number,
): RelatedReason[] | null {
  const minutes = Math.round(Math.abs(a.occurredAt.getTime() - b.occurredAt.getTime()) / 60_000);
  if (Math.abs(a.occurredAt.getTime() - b.occurredAt.getTime()) > windowMinutes * 60_000)
    return null;
  const place: RelatedReason[] = [];
  const ambulance = a.placeKind === 'ambulance_call' || b.placeKind === 'ambulance_call';
  if (!ambulance && a.facilityId === b.facilityId) place.push({ code: 'same_facility' });
  if (a.unitId !== null && a.unitId === b.unitId) place.push({ code: 'same_unit' });
  if (a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null) {
    const metres = Math.round(
      metresBetween({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon }),
    );
    if (metres <= NEARBY_METRES) place.push({ code: 'nearby_address', metres });
  }
  if (place.length === 0) return null;
  return [...place, { code: 'close_in_time', minutes }];
}
