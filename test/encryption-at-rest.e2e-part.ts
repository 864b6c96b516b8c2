import { randomBytes } from 'node:crypto';
import { DEMO_IDS } from '../seeds/demo';
import { databaseAsText } from './support/database-text';
import { CENTRAL_ADMISSION, report } from './support/incidents';
import { appEnv, runNode } from './support/run-node';
import { bearer, startTestApp, TestApp } from './support/test-app';

const run = randomBytes(3).toString('hex');
const key = () => randomBytes(32).toString('base64');

/** A report whose every personal field says a marker nobody else would write. */
function marked(i: number) {
  const coordinate = (base: number) => Number(`${base}.${run.replace(/\D/g, '7')}${100 + i}9`);
  return {
    marker: `Zhyldyz${run}x${i}`,
    body: report({
      place: {
        kind: 'admission_department',
        address: `Abai avenue ${run}-${i}, flat Q${i}`,
        lat: coordinate(43),
        lon: coordinate(76),
      },
      victims: [{ role: 'nurse', injury: 'minor', fullName: `Zhyldyz${run}x${i} Omarova` }],
      perpetrators: { type: 'relative', count: 1, description: `Tall man ${run}-${i} in grey` },
      narrative: `Narrative ${run}-${i}: struck at the desk, Zhyldyz${run}x${i} fell.`,
      witnesses: `Witness Bolat${run}x${i}`,
    }),
  };
}

type Marked = ReturnType<typeof marked>;

/** Every personal value of a report, as a list of strings to search a dump for. */
function secretsOf(m: Marked): string[] {
  const b = m.body as {
    place: { address: string; lat: number; lon: number };
    victims: Array<{ fullName: string }>;
    perpetrators: { description: string };
    narrative: string;
    witnesses: string;
  };
  return [
    m.marker,
    b.place.address,
    String(b.place.lat),
    String(b.place.lon),
    b.perpetrators.description,
    b.narrative,
    b.witnesses,
    `Bolat${run}`,
  ];
}

describe('personal data encrypted at rest', () => {
  let t: TestApp;
  let nurse: string;

  const file = (app: TestApp, token: string, m: Marked, idempotencyKey?: string) => {
    const req = app.http().post('/api/v1/incidents').set(bearer(token));
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(m.body);
  };
  /** What the reporter reads back: the personal fields exactly as sent. */
  const personalOf = (view: Record<string, unknown>) => {
    const v = view as {
      place: unknown;
      victims: Array<{ fullName: string }>;
      perpetrators: unknown;
      narrative: string;
      witnesses: string;
    };
    return {
      place: v.place,
      victims: v.victims.map((x) => x.fullName),
      perpetrators: v.perpetrators,
      narrative: v.narrative,
      witnesses: v.witnesses,
    };
  };
  const sent = (m: Marked) =>
    personalOf({
      ...m.body,
      victims: m.body.victims,
    } as Record<string, unknown>);

  beforeAll(async () => {
    t = await startTestApp();
    nurse = await t.login('nurse@demo.medguard.kz');
  });
  afterAll(() => t.close());

  it('a dump of the database holds none of the names, narratives, witnesses, addresses or coordinates of reports filed at once', async () => {
    const reports = Array.from({ length: 30 }, (_, i) => marked(i));
    const answers = await Promise.all(
      reports.map((m, i) => file(t, nurse, m, i % 2 ? `rest-${run}-${i}` : undefined)),
    );
    expect(answers.map((a) => a.status)).toEqual(reports.map(() => 201));
    const sos = await t
      .http()
      .post('/api/v1/sos')
      .set(bearer(nurse))
      .set('Idempotency-Key', `sos-${run}`)
      .send({
        facilityId: DEMO_IDS.centralHospital,
        unitId: CENTRAL_ADMISSION,
        lat: 43.2011223344,
        lon: 76.9055667788,
        accuracyM: 13.3721,
      });
    expect(sos.status).toBe(201);

    const dump = await databaseAsText(t.db);
    const found = [
      ...reports.flatMap(secretsOf),
      '43.2011223344',
      '76.9055667788',
      '13.3721',
    ].filter((s) => dump.includes(s));
    expect(found).toEqual([]);

    // …while the reporter still reads every report back as filed.
    const read = await Promise.all(
      answers.map((a) => t.http().get(`/api/v1/incidents/${a.body.id}`).set(bearer(nurse))),
    );
    expect(read.map((r) => personalOf(r.body))).toEqual(reports.map(sent));
  });

  it('rotates to a new key while reports are being filed; with the old key dropped every report reads back byte for byte', async () => {
    const oldRing = process.env.DATA_ENCRYPTION_KEYS!;
    const fresh = `r${run}:${key()}`;
    const rotating = `${fresh},${oldRing}`;
    const before = Array.from({ length: 20 }, (_, i) => marked(100 + i));
    const filedBefore = await Promise.all(before.map((m) => file(t, nurse, m)));
    expect(filedBefore.map((a) => a.status)).toEqual(before.map(() => 201));

    // The API restarted with the new key first; the rotation runs while it keeps taking reports.
    const during = Array.from({ length: 20 }, (_, i) => marked(200 + i));
    const api = await startTestApp({ DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEYS: rotating });
    try {
      const token = await api.login('nurse@demo.medguard.kz');
      const env = appEnv({ DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEYS: rotating });
      const [rotation, filedDuring] = await Promise.all([
        runNode('cli/keys-rotate.js', env, ['--batch', '7']),
        Promise.all(during.map((m) => file(api, token, m))),
      ]);
      expect(filedDuring.map((a) => a.status)).toEqual(during.map(() => 201));
      expect(rotation).toMatchObject({ code: 0, stderr: '' });
      const lines = rotation.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.at(-1)).toMatchObject({ msg: 'keys rotated', currentKey: `r${run}`, left: 0 });
      expect(Number(lines.at(-1)!.reencrypted)).toBeGreaterThanOrEqual(20);
      // Run again: nothing left to do.
      const again = await runNode('cli/keys-rotate.js', env);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        reencrypted: 0,
        left: 0,
      });
    } finally {
      await api.close();
    }

    const only = await startTestApp({ DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEYS: fresh });
    try {
      const token = await only.login('nurse@demo.medguard.kz');
      // Every report of the file, from the first test's too.
      const ids = (
        (await only.db.query(`SELECT id FROM incidents ORDER BY created_at`)) as Array<{
          id: string;
        }>
      ).map((r) => r.id);
      const read = await Promise.all(
        ids.map((id) => only.http().get(`/api/v1/incidents/${id}`).set(bearer(token))),
      );
      expect(read.map((r) => r.status)).toEqual(read.map(() => 200));
      const narratives = new Set(read.map((r) => r.body.narrative as string));
      for (const m of [...before, ...during])
        expect(narratives.has((m.body as { narrative: string }).narrative)).toBe(true);
      const byNarrative = new Map(read.map((r) => [r.body.narrative as string, r.body]));
      expect(
        [...before, ...during].map((m) =>
          personalOf(byNarrative.get((m.body as { narrative: string }).narrative)!),
        ),
      ).toEqual([...before, ...during].map(sent));
    } finally {
      await only.close();
    }
  }, 60000);
});
