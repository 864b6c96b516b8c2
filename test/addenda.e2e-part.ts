import { randomBytes } from 'node:crypto';
import { fileIncident } from './support/incidents';
import { alertStream } from './support/sse-client';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';

const run = randomBytes(3).toString('hex');

describe('report addenda', () => {
  let t: TestApp;
  let base: string;
  let nurse: string;
  let safety: string;
  let police: string;
  let paramedic: string;
  let admin: string;
  let ministry: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listenOnLoopback(t);
    [nurse, safety, police, paramedic, admin, ministry] = await t.loginAll(
      'nurse',
      'safety',
      'police',
      'paramedic',
      'admin',
      'ministry',
    );
  });
  const opened: Array<{ close(): void }> = [];
  afterAll(async () => {
    opened.forEach((c) => c.close());
    await t.close();
  });

  const add = (token: string, incidentId: string, body: object) =>
    t.http().post(`/api/v1/incidents/${incidentId}/addenda`).set(bearer(token)).send(body);
  const detail = async (incidentId: string, token = nurse) =>
    (await t.http().get(`/api/v1/incidents/${incidentId}`).set(bearer(token))).body;
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM incident_addenda) AS addenda,
                (SELECT count(*)::int FROM incident_history) AS history`,
      )
    )[0] as { addenda: number; history: number };

  it('the reporter and the facility admin add to a report; it shows in the detail and its history, and the post’s console hears of it', async () => {
    const incident = await fileIncident(t);
    const console = alertStream(base, police);
    opened.push(console);
    await console.open();
    expect(console.status).toBe(200);
    const seen = console.events.length;

    const mine = await add(nurse, incident.id, { text: `He came back later ${run}` });
    expect(mine.status).toBe(201);
    expect(mine.body).toEqual({
      id: expect.any(String),
      text: `He came back later ${run}`,
      authorId: (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id,
      createdAt: expect.any(String),
    });
    const theirs = await add(safety, incident.id, { text: 'Camera 3 recorded it' });
    expect(theirs.status).toBe(201);

    const view = await detail(incident.id);
    expect(view.addenda).toEqual([mine.body, theirs.body]);
    expect(view.history.filter((h: { type: string }) => h.type === 'addendum')).toHaveLength(2);
    // The police read it in the report as well.
    expect((await detail(incident.id, police)).addenda).toHaveLength(2);

    const events = await console.waitFor(seen + 2);
    console.close();
    const updated = events.slice(seen).filter((e) => e.event === 'updated');
    expect(updated).toHaveLength(2);
    expect(JSON.parse(updated[0].data)).toMatchObject({ incidentId: incident.id });

    // Stored encrypted: the text is nowhere in the row.
    const [row] = await t.db.query(`SELECT t::text AS row FROM incident_addenda t WHERE id = $1`, [
      mine.body.id,
    ]);
    expect(row.row).not.toContain(run);
  });

  it('refuses everyone else, and bad text, changing nothing', async () => {
    const incident = await fileIncident(t);
    const before = await counts();
    expect((await add(police, incident.id, { text: 'x' })).status).toBe(403);
    expect((await add(ministry, incident.id, { text: 'x' })).status).toBe(403);
    expect((await add(admin, incident.id, { text: 'x' })).status).toBe(403);
    // Staff of another facility do not see the report at all.
    expect((await add(paramedic, incident.id, { text: 'x' })).status).toBe(404);
    for (const [body, field] of [
      [{}, 'text'],
      [{ text: '' }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'x'.repeat(5001) }, 'text'],
      [{ text: 42 }, 'text'],
    ] as const) {
      const res = await add(nurse, incident.id, body);
      expect({
        status: res.status,
        fields: res.body.details?.map((d: { field: string }) => d.field),
      }).toEqual({
        status: 400,
        fields: [field],
      });
    }
    expect((await add(nurse, incident.id, { text: 'x'.repeat(5000) })).status).toBe(201);
    expect(await counts()).toEqual({ addenda: before.addenda + 1, history: before.history + 1 });
    // Append-only: nothing edits or removes an addendum.
    const [{ id }] = (await detail(incident.id)).addenda;
    for (const method of ['patch', 'put', 'delete'] as const)
      expect(
        (
          await t
            .http()
            [method](`/api/v1/incidents/${incident.id}/addenda/${id}`)
            .set(bearer(nurse))
            .send({ text: 'y' })
        ).status,
      ).toBe(404);
  });

  it('30 addenda sent at once are 30, each once, in one order in the detail and the history', async () => {
    const incident = await fileIncident(t);
    const texts = Array.from({ length: 30 }, (_, i) => `addendum ${i} of ${run}`);
    const answers = await Promise.all(
      texts.map((text, i) => add(i % 3 ? nurse : safety, incident.id, { text })),
    );
    expect(answers.map((a) => a.status)).toEqual(texts.map(() => 201));
    const view = await detail(incident.id);
    expect(view.addenda.map((a: { text: string }) => a.text).sort()).toEqual([...texts].sort());
    const ids = view.addenda.map((a: { id: string }) => a.id);
    const historyOrder = view.history
      .filter((h: { type: string }) => h.type === 'addendum')
      .map((h: { data: { addendumId: string } }) => h.data.addendumId);
    expect(historyOrder).toEqual(ids);
    const times = view.addenda.map((a: { createdAt: string }) => Date.parse(a.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
