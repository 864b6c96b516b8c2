import { INestApplicationContext } from '@nestjs/common';
import { FootageLifecycle } from '../src/footage/footage-lifecycle.service';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { CustodyEvent, custodyOf, startFootageStack, uploadVerified } from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4 } from './support/media';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const DAY_MS = 24 * 3600_000;
const RETENTION_DAYS = 30;

/** The unlinks the chain records while a hold was in force: what must never happen. */
function unlinksWhileHeld(events: CustodyEvent[]): CustodyEvent[] {
  let held = false;
  const violations: CustodyEvent[] = [];
  for (const e of events) {
    if (e.action === 'retention_changed') held = e.details.legalHold === true;
    if (e.action === 'unlinked' && held) violations.push(e);
  }
  return violations;
}

describe('legal holds: evidence the wrong hands cannot release, unlink or let expire', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let storage: ObjectStorage;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, worker, storage, close } = await startFootageStack({
      FOOTAGE_RETENTION_DAYS: String(RETENTION_DAYS),
    }));
    [safety, police, dutyDesk, admin] = await t.loginAll('safety', 'police', 'dutydesk', 'admin');
    for (const [name, token] of Object.entries({ safety, police, admin }))
      ids[name] = (await t.http().get('/api/v1/auth/me').set(bearer(token))).body.id;
  });
  afterAll(() => close());

  const hold = (id: string, token: string, legalHold: boolean, reason = 'x') =>
    t.http().put(`/api/v1/footage/${id}/legal-hold`).set(bearer(token)).send({ legalHold, reason });
  const unlink = (incidentId: string, id: string, token: string) =>
    t.http().delete(`/api/v1/incidents/${incidentId}/footage/${id}`).set(bearer(token));
  const link = (incidentId: string, id: string, token = safety) =>
    t
      .http()
      .post(`/api/v1/incidents/${incidentId}/footage`)
      .set(bearer(token))
      .send({ footageId: id });
  /** A clip the facility admin uploads onto the incident, as the admission recorder's export. */
  const clipOn = (incidentId: string) =>
    uploadVerified(t, safety, mp4(32 * 1024), 'admission.mp4', { incidentId });
  const row = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, legal_hold, object_key,
                (SELECT count(*)::int FROM incident_footage l WHERE l.footage_id = f.id) AS links
           FROM footage f WHERE id = $1`,
        [id],
      )
    )[0] as { status: string; legal_hold: boolean; object_key: string; links: number };
  const chain = (id: string) => custodyOf(t, admin, id);
  /** Runs the retention job as the worker would, the given number of days from now. */
  const retentionAfter = async (days: number) => {
    const restore = shiftClock([t.app, worker], days * DAY_MS);
    try {
      return await worker.get(FootageLifecycle).applyRetention();
    } finally {
      restore();
    }
  };

  it('a facility admin cannot release a police hold, unlink the footage, or let retention delete it', async () => {
    const incident = await fileIncident(t);
    const id = await clipOn(incident.id);

    const held = await hold(id, police, true, 'Investigator request, case 2026-000123');
    expect(held.status).toBe(200);

    const release = await hold(id, safety, false, 'No longer needed');
    expect(release.status).toBe(403);
    const unlinked = await unlink(incident.id, id, safety);
    expect(unlinked.status).toBe(409);
    expect((await unlink(incident.id, id, police)).status).toBe(409);

    expect(await retentionAfter(RETENTION_DAYS * 3)).toBe(0);
    const after = await row(id);
    expect(after).toMatchObject({ status: 'verified', legal_hold: true, links: 1 });
    expect(await storage.head(after.object_key)).not.toBeNull();

    expect(held.body).toMatchObject({ legalHold: true, legalHoldBy: 'police' });
    const custody = await chain(id);
    expect(custody.valid).toBe(true);
    expect(custody.events.map((e) => e.action)).toEqual([
      'uploaded',
      'linked',
      'verified',
      'retention_changed',
    ]);
    expect(custody.events[3]).toMatchObject({
      actorType: 'user',
      actorId: ids.police,
      details: {
        legalHold: true,
        role: 'police',
        reason: 'Investigator request, case 2026-000123',
      },
    });
  });

  it('routed police or an admin release a police hold; the release names who, and retention runs again', async () => {
    const incident = await fileIncident(t);
    const [byPolice, byAdmin] = [await clipOn(incident.id), await clipOn(incident.id)];
    await hold(byPolice, police, true, 'Case 17').expect(200);
    await hold(byAdmin, admin, true, 'Ministry audit').expect(200);

    // Another post's officer cannot see the footage at all.
    expect((await hold(byPolice, dutyDesk, false)).status).toBe(404);
    expect((await hold(byAdmin, safety, false)).status).toBe(403);

    const released = await hold(byPolice, police, false, 'Case closed, copy in the case file');
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ legalHold: false, legalHoldBy: null });
    await hold(byAdmin, police, false, 'Not needed by the investigation').expect(200);

    await unlink(incident.id, byPolice, safety).expect(204);
    await unlink(incident.id, byAdmin, safety).expect(204);
    expect(await retentionAfter(RETENTION_DAYS - 1)).toBe(0);
    expect(await retentionAfter(RETENTION_DAYS + 1)).toBe(2);
    expect((await row(byPolice)).status).toBe('deleted');
    expect((await row(byAdmin)).status).toBe('deleted');

    const custody = await chain(byPolice);
    expect(custody.valid).toBe(true);
    expect(custody.events.map((e) => e.action)).toEqual([
      'uploaded',
      'linked',
      'verified',
      'retention_changed',
      'retention_changed',
      'unlinked',
      'deleted',
    ]);
    expect(custody.events[4]).toMatchObject({
      actorId: ids.police,
      details: {
        legalHold: false,
        role: 'police',
        reason: 'Case closed, copy in the case file',
        heldBy: { role: 'police', userId: ids.police },
      },
    });
    expect((await chain(byAdmin)).events[4]).toMatchObject({
      actorId: ids.police,
      details: { legalHold: false, role: 'police', heldBy: { role: 'admin', userId: ids.admin } },
    });
  });

  it("a facility admin's own hold is released by that admin, routed police or an admin; police taking it over makes it theirs", async () => {
    const incident = await fileIncident(t);
    const [a, b, c, d] = [
      await clipOn(incident.id),
      await clipOn(incident.id),
      await clipOn(incident.id),
      await clipOn(incident.id),
    ];
    for (const id of [a, b, c, d])
      await hold(id, safety, true, 'Kept for the internal review').expect(200);
    await hold(a, safety, false, 'Review done').expect(200);
    await hold(b, police, false, 'Not evidence').expect(200);
    await hold(c, admin, false, 'Not evidence').expect(200);

    // Police put their own hold on footage the facility already holds: the hold is now theirs.
    const taken = await hold(d, police, true, 'Seized for case 2026-000124');
    expect(taken.status).toBe(200);
    expect(taken.body.legalHoldBy).toBe('police');
    expect((await hold(d, safety, false, 'Review done')).status).toBe(403);
    const custody = await chain(d);
    expect(custody.events.at(-1)).toMatchObject({
      actorId: ids.police,
      details: { legalHold: true, role: 'police', heldBy: { role: 'facility_admin' } },
    });
    // A facility admin holding again what police hold changes nothing.
    await hold(d, safety, true, 'Again').expect(200);
    expect((await chain(d)).events).toHaveLength(custody.events.length);
  });

  it('refuses to unlink held footage from any of the incidents it is linked to', async () => {
    const [first, second] = [await fileIncident(t), await fileIncident(t)];
    const id = await clipOn(first.id);
    await link(second.id, id).expect(201);
    await hold(id, police, true, 'Case 18').expect(200);
    for (const [incidentId, token] of [
      [first.id, safety],
      [second.id, safety],
      [second.id, police],
      [first.id, admin],
    ]) {
      const res = await unlink(incidentId, id, token);
      expect([res.status, res.body.message]).toEqual([409, expect.stringMatching(/legal hold/)]);
    }
    expect((await row(id)).links).toBe(2);
  });

  it('never leaves held footage unlinked when releases, holds and unlinks race', async () => {
    const incident = await fileIncident(t);
    const clips = await Promise.all(Array.from({ length: 8 }, () => clipOn(incident.id)));
    await Promise.all(clips.map((id) => hold(id, police, true, 'Case 19').expect(200)));

    // Each held clip at once: the admin releases it while the facility admin and police unlink it
    // and the facility admin tries to release it too.
    const burst = await Promise.all(
      clips.flatMap((id) => [
        hold(id, admin, false, 'Released'),
        unlink(incident.id, id, safety),
        unlink(incident.id, id, police),
        hold(id, safety, false, 'Mine now'),
      ]),
    );
    expect(
      burst.map((r) => r.status).filter((s) => ![200, 204, 403, 404, 409].includes(s)),
    ).toEqual([]);
    // And the reverse: police hold each clip again while it is being unlinked.
    const relinked = await Promise.all(
      clips.map(async (id) => ((await row(id)).links === 0 ? link(incident.id, id) : null)),
    );
    expect(relinked.filter((r) => r && r.status !== 201)).toEqual([]);
    const second = await Promise.all(
      clips.flatMap((id) => [
        hold(id, police, true, 'Case 19, again'),
        unlink(incident.id, id, safety),
        unlink(incident.id, id, safety),
      ]),
    );
    expect(second.map((r) => r.status).filter((s) => ![200, 204, 404, 409].includes(s))).toEqual(
      [],
    );

    for (const id of clips) {
      const custody = await chain(id);
      expect({ id, valid: custody.valid, violations: unlinksWhileHeld(custody.events) }).toEqual({
        id,
        valid: true,
        violations: [],
      });
      const now = await row(id);
      if (now.legal_hold) expect({ id, links: now.links }).toEqual({ id, links: 1 });
    }
  });
});
