import { seedId } from '../seeds/seed-ids';
import { uploadFootage } from './support/footage';
import { report } from './support/incidents';
import { mp4 } from './support/media';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('footage suggested for an incident', () => {
  let t: TestApp;
  let safety: string;
  let nurse: string;
  let police: string;
  beforeAll(async () => {
    t = await startTestApp();
    [safety, nurse, police] = await t.loginAll('safety', 'nurse', 'police');
  });
  afterAll(() => t.close());

  it('suggests footage of the incident unit recorded around the incident time, and nothing else', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const paramedic = await t.login('paramedic@demo.medguard.kz');
    const team = seedId('unit:almaty:ambulance:1:1');
    const otherTeam = seedId('unit:almaty:ambulance:1:2');
    const occurredAt = new Date(Date.now() - 3600_000);
    const incident = (
      await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(paramedic))
        .send(
          report({
            facilityId: seedId('facility:almaty:ambulance:1'),
            unitId: team,
            occurredAt: occurredAt.toISOString(),
            place: { kind: 'ambulance_call', address: 'Almaty, Tole Bi 5' },
          }),
        )
    ).body;
    const keyFor = async (unit: string) =>
      (await t.http().post(`/api/v1/units/${unit}/api-keys`).set(bearer(admin)).send({})).body
        .key as string;
    const [teamKey, otherKey] = [await keyFor(team), await keyFor(otherTeam)];
    const at = (minutes: number) => new Date(occurredAt.getTime() + minutes * 60_000).toISOString();
    const camera = async (key: string, deviceId: string, from: number, to: number) =>
      (
        await t
          .http()
          .post('/api/v1/footage')
          .set('X-Api-Key', key)
          .field('deviceId', deviceId)
          .field('recordedFrom', at(from))
          .field('recordedTo', at(to))
          .attach('file', mp4(16 * 1024), 'cam.mp4')
      ).body.id as string;
    const during = await camera(teamKey, seedId('device:almaty:ambulance:1:1'), -10, 5);
    await camera(teamKey, seedId('device:almaty:ambulance:1:1'), -300, -240);
    await camera(otherKey, seedId('device:almaty:ambulance:1:2'), -10, 5);

    const desk = await t.login('dutydesk@demo.medguard.kz');
    const res = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
      .set(bearer(desk));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: during, overlapSeconds: 15 * 60 }),
    ]);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
          .set(bearer(safety))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
          .set(bearer(paramedic))
      ).status,
    ).toBe(403);

    await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(desk))
      .send({ footageId: during });
    const after = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
      .set(bearer(desk));
    expect(after.body.items).toEqual([]);
  });

  it("never suggests a person's upload as the admission recorder's footage", async () => {
    const recorder = seedId('device:almaty:cgkb:recorder');
    const occurredAt = new Date(Date.now() - 3600_000);
    const incident = (
      await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report({ occurredAt: occurredAt.toISOString() }))
    ).body;
    const window = {
      recordedFrom: new Date(occurredAt.getTime() - 5 * 60_000).toISOString(),
      recordedTo: new Date(occurredAt.getTime() + 5 * 60_000).toISOString(),
    };
    // The nurse's phone video, claimed as the recorder's, with the incident's time as its window.
    const claimed = await uploadFootage(t, nurse, mp4(32 * 1024), 'phone.mp4', {
      deviceId: recorder,
      ...window,
    });
    expect(claimed.status).toBe(400);
    expect(claimed.body.details).toEqual([
      {
        field: 'deviceId',
        message: expect.stringMatching(/device gateways and facility admins/),
        code: 'not_allowed',
      },
    ]);
    const phone = await uploadFootage(t, nurse, mp4(32 * 1024), 'phone.mp4', window);
    expect(phone.status).toBe(201);
    expect(phone.body.uploadedBy).toBe('person');

    const key = (
      await t
        .http()
        .post(`/api/v1/units/${seedId('unit:almaty:cgkb:admission')}/api-keys`)
        .set(bearer(safety))
        .send({ name: 'admission recorder' })
    ).body.key as string;
    const fromRecorder = await t
      .http()
      .post('/api/v1/footage')
      .set('X-Api-Key', key)
      .field('deviceId', recorder)
      .field('recordedFrom', window.recordedFrom)
      .field('recordedTo', window.recordedTo)
      .attach('file', mp4(32 * 1024), 'REC_0001.mp4');
    expect(fromRecorder.status).toBe(201);
    expect(fromRecorder.body.uploadedBy).toBe('device');
    // The safety officer exports the recorder's file and uploads it: the recorder's, sent by a person.
    const exported = await uploadFootage(t, safety, mp4(32 * 1024), 'export.mp4', {
      deviceId: recorder,
      ...window,
    });
    expect(exported.status).toBe(201);

    const suggested = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
      .set(bearer(police));
    expect(suggested.status).toBe(200);
    expect(
      suggested.body.items
        .map((f: { id: string; deviceId: string; uploadedBy: string }) => [
          f.id,
          f.deviceId,
          f.uploadedBy,
        ])
        .sort(),
    ).toEqual(
      [
        [fromRecorder.body.id, recorder, 'device'],
        [exported.body.id, recorder, 'person'],
      ].sort(),
    );
    const metadata = await t.http().get(`/api/v1/footage/${exported.body.id}`).set(bearer(safety));
    expect(metadata.body).toMatchObject({ deviceId: recorder, uploadedBy: 'person' });
  });
});
