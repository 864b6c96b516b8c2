import { copyText } from './copy-rows';
import { seededRandom } from './seed-ids';
import { sampler } from './synthetic-distributions';
import {
  ALERT_COLUMNS,
  DependentLines,
  INCIDENT_COLUMNS,
  incidentDrawer,
  SyntheticWorld,
  VICTIM_COLUMNS,
} from './synthetic-rows';

const NOW = Date.UTC(2026, 4, 20, 12);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Two regions of three facilities each, one of them without a duty desk; two years of months. */
function world(): SyntheticWorld {
  const facilities = [0, 1, 2, 3, 4, 5].map((n) => ({
    id: id(n),
    type: n % 3 === 0 ? 'ambulance_station' : 'multi_profile_hospital',
    region: n < 3 ? 'AST' : 'ALA',
  }));
  const months = Array.from({ length: 24 }, (_, i) => ({
    start: NOW - (24 - i) * 30 * 86400_000,
    end: NOW - (23 - i) * 30 * 86400_000 - 3600_000,
  }));
  return {
    facilities,
    desks: new Map([['AST', id(100)]]),
    facilityOf: sampler(facilities.map(() => 1)),
    months,
    monthOf: sampler(months.map(() => 1)),
    ruleSet: { id: id(200), version: 1 },
    now: NOW,
  };
}

function drawMany(seed: number, n: number) {
  const draw = incidentDrawer(world(), seededRandom(seed), {
    run: 'abc123',
    reporter: id(300),
    narrative: Buffer.from([0, 1, 0xfe, 0xff]),
  });
  const out: DependentLines = { victims: [], alerts: [] };
  const incidents = Array.from({ length: n }, (_, k) => draw(k + 1, out));
  return { incidents, ...out };
}

const fields = (line: string) => line.replace(/\n$/, '').split('\t');

describe('synthetic incidents as COPY lines', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(drawMany(7, 200)).toEqual(drawMany(7, 200));
    expect(drawMany(8, 200).incidents).not.toEqual(drawMany(7, 200).incidents);
  });

  it('have one field per column on every line, and end with a newline', () => {
    const { incidents, victims, alerts } = drawMany(1, 500);
    for (const [lines, columns] of [
      [incidents, INCIDENT_COLUMNS],
      [victims, VICTIM_COLUMNS],
      [alerts, ALERT_COLUMNS],
    ] as const)
      for (const line of lines) {
        expect(line.endsWith('\n')).toBe(true);
        expect(fields(line)).toHaveLength(columns.length);
      }
  });

  it('number the references, give each incident its victims in order and alert the region desk', () => {
    const { incidents, victims, alerts } = drawMany(3, 300);
    const rows = incidents.map(fields);
    expect(rows.map((r) => r[1])).toEqual(rows.map((_, k) => `SYN-abc123-${k + 1}`));
    const byIncident = new Map<string, number[]>();
    for (const [incident, position] of victims.map(fields))
      byIncident.set(incident, [...(byIncident.get(incident) ?? []), Number(position)]);
    for (const r of rows) {
      const positions = byIncident.get(r[0]) ?? [];
      expect(positions).toEqual(positions.map((_, k) => k));
      expect(positions.length).toBeGreaterThanOrEqual(1);
    }
    const inAstana = rows.filter((r) => Number(r[2].slice(-12)) < 3).map((r) => r[0]);
    expect(alerts.map((a) => fields(a)[0])).toEqual(inAstana);
    expect(new Set(alerts.map((a) => fields(a)[1]))).toEqual(new Set([id(100)]));
  });

  it('keep the rules of a report: closed ones have an outcome and a date, categories follow kind and victims', () => {
    const { incidents, victims } = drawMany(5, 2000);
    const victimCount = new Map<string, number>();
    for (const [incident] of victims.map(fields))
      victimCount.set(incident, (victimCount.get(incident) ?? 0) + 1);
    for (const r of incidents.map(fields)) {
      const col = (name: string) => r[INCIDENT_COLUMNS.indexOf(name)];
      if (col('status') === 'closed') {
        expect(col('outcome')).toMatch(/^(resolved|case_dismissed)$/);
        expect(new Date(col('closed_at')).getTime()).toBeGreaterThan(
          new Date(col('created_at')).getTime(),
        );
      } else expect([col('outcome'), col('closed_at')]).toEqual(['\\N', '\\N']);
      const physical = /^(physical_assault|assault_with_weapon)$/.test(col('kind'));
      const expected = !physical
        ? 'threat'
        : victimCount.get(r[0])! >= 2
          ? 'assault_multiple'
          : col('reported_emergency') === 't'
            ? 'assault_emergency'
            : 'assault';
      expect(col('category')).toBe(expected);
      expect(new Date(col('occurred_at')).getTime()).toBeLessThan(NOW);
      expect(col('narrative')).toBe('\\\\x0001feff');
    }
  });
});

describe('COPY text fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['line\nnext\r', 'line\\nnext\\r'],
    ['\\x00', '\\\\x00'],
  ])('escape %j as %j', (value, escaped) => {
    expect(copyText(value)).toBe(escaped);
  });
});
