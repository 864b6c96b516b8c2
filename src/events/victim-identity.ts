/**
 * Who the victims of an event are, across its reports. Article 158-1 punishes an attack on several
 * medical workers more gravely, so a nurse and a doctor each reporting the same attack are two
 * workers, and the same nurse named in two reports is one.
 *
 * Two victim entries name the same person when both name the same account, or the same role and
 * the same name (case and spacing ignored); otherwise they are different people. The relation is
 * taken transitively.
 */

export interface VictimEntry {
  id: string;
  position: number;
  role: string;
  userId: string | null;
  /** In plain text (the database holds it encrypted). */
  fullName: string | null;
}

export interface EventReport {
  id: string;
  occurredAt: Date;
  victims: VictimEntry[];
}

export interface EventCount {
  /** The report statistics count the event by: the earliest, ties by id. */
  countingReportId: string;
  /** Entries that count a person: the first entry naming each (by report order, then position). */
  counted: Set<string>;
  /** Each distinct person, as the entries naming them. */
  persons: VictimEntry[][];
}

/** A name as compared: Unicode-normalised, lower case, with no whitespace at all. */
export function nameKey(name: string | null): string | null {
  if (!name) return null;
  const key = name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
  return key.length > 0 ? key : null;
}

const byTimeThenId = (a: EventReport, b: EventReport) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function countEvent(reports: readonly EventReport[]): EventCount {
  if (reports.length === 0) throw new Error('an event has at least one report');
  const ordered = [...reports].sort(byTimeThenId);
  const entries = ordered.flatMap((r) => [...r.victims].sort((a, b) => a.position - b.position));
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const firstWithKey = new Map<string, number>();
  entries.forEach((entry, i) => {
    const name = nameKey(entry.fullName);
    const keys = [
      entry.userId ? `account:${entry.userId}` : null,
      name ? `name:${entry.role}:${name}` : null,
    ].filter((k): k is string => k !== null);
    for (const key of keys) {
      const seen = firstWithKey.get(key);
      if (seen === undefined) firstWithKey.set(key, i);
      else {
        const [a, b] = [root(seen), root(i)];
        // The earlier entry stays the root, so it is the one that counts.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const persons = new Map<number, VictimEntry[]>();
  entries.forEach((entry, i) => {
    const r = root(i);
    persons.set(r, [...(persons.get(r) ?? []), entry]);
  });
  return {
    countingReportId: ordered[0].id,
    counted: new Set([...persons.keys()].map((i) => entries[i].id)),
    persons: [...persons.values()],
  };
}

/** Distinct medical workers harmed: persons of whom some entry names a medical role. */
export function distinctMedicalWorkers(count: EventCount, medicalRoles: readonly string[]): number {
  const medical = new Set(medicalRoles);
  return count.persons.filter((entries) => entries.some((e) => medical.has(e.role))).length;
}
