/** The shapes synthetic incidents are drawn from: season, growth, kinds, roles, and random draws. */

/** Reported assaults rise in winter and around the holidays (relative weights, January first). */
export const SEASON = [1.15, 1.05, 1.0, 0.95, 0.95, 1.0, 1.05, 1.05, 0.95, 0.95, 1.0, 1.2];
/** Reporting grows as the service becomes known: each year weighs this much more than the last. */
export const YEARLY_GROWTH = 1.12;
export const KINDS: Array<[string, number]> = [
  ['verbal_threat', 0.45],
  ['threat_with_weapon', 0.1],
  ['physical_assault', 0.38],
  ['assault_with_weapon', 0.07],
];
export const PERPETRATORS: Array<[string, number]> = [
  ['patient', 0.45],
  ['relative', 0.35],
  ['visitor', 0.12],
  ['other', 0.08],
];
export const AMBULANCE_ROLES: Array<[string, number]> = [
  ['paramedic', 0.35],
  ['feldsher', 0.3],
  ['doctor', 0.2],
  ['driver', 0.15],
];
export const HOSPITAL_ROLES: Array<[string, number]> = [
  ['nurse', 0.45],
  ['doctor', 0.3],
  ['orderly', 0.15],
  ['other', 0.1],
];
/** Incidents per 1,000 staff differ by kind of facility: ambulance crews meet the most. */
export const TYPE_FACTOR: Record<string, number> = {
  ambulance_station: 3,
  multi_profile_hospital: 1.5,
  children_hospital: 0.8,
  perinatal_centre: 0.6,
  maternity_hospital: 0.6,
  polyclinic: 0.7,
};

export const pick = <T>(rnd: () => number, table: Array<[T, number]>): T => {
  let x = rnd() * table.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of table) if ((x -= weight) < 0) return value;
  return table[table.length - 1][0];
};

/** A sampler over cumulative weights: O(log n) per draw. */
export function sampler(weights: number[]): (u: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (u) => {
    const x = u * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

export function uuidFrom(rnd: () => number): string {
  const hex = Array.from({ length: 4 }, () =>
    Math.floor(rnd() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
  const v = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

export function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}
