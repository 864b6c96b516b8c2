import { Client } from 'pg';
import { seedId } from '../seeds/seed-ids';
import { uploadFootage } from './support/footage';
import { report } from './support/incidents';
import { mp4 } from './support/media';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('footage evidence: access, links, custody', () => {
  let t: TestApp;
  let safety: string;
  let nurse: string;
  let police: string;
  let dutyDesk: string;
  let ministry: string;
  beforeAll(async () => {
    t = await startTestApp();
    [safety, nurse, police, dutyDesk, ministry] = await t.loginAll(
      'safety',
      'nurse',
      'police',
      'dutydesk',
      'ministry',
    );
  });
  afterAll(() => t.close());

  it('shows footage of an incident to the routed post and the facility admin, never to other posts or the ministry', async () => {
    const incident = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const res = await uploadFootage(t, safety, mp4(64 * 1024), 'ward.mp4', {
      incidentId: incident.body.id,
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(police))).status).toBe(200);
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(safety))).status).toBe(200);
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(dutyDesk))).status).toBe(404);
    expect((await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(dutyDesk))).status).toBe(
      404,
    );
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(ministry))).status).toBe(403);
    expect((await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(ministry))).status).toBe(
      403,
    );
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(nurse))).status).toBe(403);
  });

  it('links and unlinks footage to incidents, each recorded in the chain of custody', async () => {
    const incident = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body;
    const clip = (await uploadFootage(t, safety, mp4(64 * 1024), 'door.mp4')).body;
    const link = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(safety))
      .send({ footageId: clip.id });
    expect(link.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/incidents/${incident.id}/footage`)
          .set(bearer(safety))
          .send({ footageId: clip.id })
      ).status,
    ).toBe(409);
    const listed = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(nurse));
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([clip.id]);
    expect(
      (await t.http().get(`/api/v1/incidents/${incident.id}/footage`).set(bearer(dutyDesk))).status,
    ).toBe(404);
    expect((await t.http().get(`/api/v1/footage/${clip.id}`).set(bearer(police))).status).toBe(200);

    const other = (await uploadFootage(t, safety, mp4(64 * 1024), 'other.mp4')).body;
    const foreignIncident = (
      await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(await t.login('paramedic@demo.medguard.kz')))
        .send(
          report({
            facilityId: seedId('facility:almaty:ambulance:1'),
            unitId: undefined,
            place: { kind: 'ambulance_call', address: 'x' },
          }),
        )
    ).body;
    const admin = await t.login('admin@demo.medguard.kz');
    const cross = await t
      .http()
      .post(`/api/v1/incidents/${foreignIncident.id}/footage`)
      .set(bearer(police))
      .send({ footageId: other.id });
    expect(cross.status).toBe(404);
    const wrongFacility = await t
      .http()
      .post(`/api/v1/incidents/${foreignIncident.id}/footage`)
      .set(bearer(await t.login('dutydesk@demo.medguard.kz')))
      .send({ footageId: other.id });
    expect(wrongFacility.status).toBe(400);
    expect(wrongFacility.body.details[0].field).toBe('footageId');

    expect(
      (
        await t
          .http()
          .delete(`/api/v1/incidents/${incident.id}/footage/${clip.id}`)
          .set(bearer(police))
      ).status,
    ).toBe(204);
    expect((await t.http().get(`/api/v1/footage/${clip.id}`).set(bearer(police))).status).toBe(404);
    const chain = await t.http().get(`/api/v1/footage/${clip.id}/custody`).set(bearer(admin));
    expect(chain.body.events.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'linked',
      'unlinked',
    ]);
    expect(chain.body.valid).toBe(true);
  });

  it('keeps a chain of custody that verifies and reports an edited event', async () => {
    const res = await uploadFootage(t, safety, mp4(64 * 1024), 'evidence.mp4');
    const id = res.body.id;
    await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(safety)).redirects(0);
    const chain = await t.http().get(`/api/v1/footage/${id}/custody`).set(bearer(safety));
    expect(chain.status).toBe(200);
    expect(chain.body).toMatchObject({
      valid: true,
      brokenAt: null,
      status: 'stored',
      sha256: res.body.sha256,
    });
    expect(chain.body.events.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'content_accessed',
    ]);
    // Not verified yet (no worker here): its first check is still to come.
    const recheck = await t.http().post(`/api/v1/footage/${id}/recheck`).set(bearer(safety));
    expect([recheck.status, recheck.body.message]).toEqual([
      409,
      expect.stringMatching(/still being verified/),
    ]);
    expect(chain.body.events[1]).toMatchObject({
      actorType: 'user',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });

    const superuser = new Client({ connectionString: t.databaseUrl });
    await superuser.connect();
    try {
      await superuser.query(
        'ALTER TABLE footage_custody DISABLE TRIGGER footage_custody_no_update_delete',
      );
      await superuser.query(
        `UPDATE footage_custody SET ip = '10.9.9.9' WHERE footage_id = $1 AND action = 'content_accessed'`,
        [id],
      );
      await superuser.query(
        'ALTER TABLE footage_custody ENABLE TRIGGER footage_custody_no_update_delete',
      );
    } finally {
      await superuser.end();
    }
    const broken = await t.http().get(`/api/v1/footage/${id}/custody`).set(bearer(safety));
    expect(broken.body).toMatchObject({ valid: false, brokenAt: chain.body.events[1].id });
    await expect(
      t.db.query(`DELETE FROM footage_custody WHERE footage_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });
});
