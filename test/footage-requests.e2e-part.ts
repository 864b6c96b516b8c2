import { INestApplicationContext } from '@nestjs/common';
import { FootageRequestWaiters } from '../src/footage-requests/request-waiters';
import { seedId } from '../seeds/seed-ids';
import { eventually } from './support/alert-stack';
import { custodyOf, startFootageStack } from './support/footage';
import { CENTRAL_ADMISSION, hoursAgo, OTHER_ADMISSION, report } from './support/incidents';
import { mp4 } from './support/media';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const RECORDER = seedId('device:almaty:cgkb:recorder');
const OTHER_RECORDER = seedId('device:almaty:gkb:1:recorder');
const TEAM = seedId('unit:almaty:ambulance:1:1');
const TEAM_CAMERA = seedId('device:almaty:ambulance:1:1');
const MINUTE = 60_000;

interface GatewayRequest {
  id: string;
  deviceId: string;
  incidentId: string;
  from: string;
  to: string;
  expiresAt: string;
  status: string;
}

describe('footage by request: devices are asked for the incident window and answer', () => {
  let t: TestApp;
  let second: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let nurse: string;
  let safety: string;
  let police: string;
  let dock: Record<string, string>;
  let otherDock: Record<string, string>;

  beforeAll(async () => {
    ({ t, worker, close } = await startFootageStack());
    // A second API process on the same engines: gateways poll one, reports arrive at the other.
    second = await startTestApp({
      DATABASE_URL: t.databaseUrl,
      S3_BUCKET: t.config.s3.bucket,
      REDIS_KEY_PREFIX: t.config.redis.keyPrefix,
    });
    [nurse, safety, police] = await t.loginAll('nurse', 'safety', 'police');
    const admin = await t.login('admin@demo.medguard.kz');
    const key = async (unit: string) =>
      (
        await t
          .http()
          .post(`/api/v1/units/${unit}/api-keys`)
          .set(bearer(admin))
          .send({ name: 'recorder dock' })
      ).body.key as string;
    dock = { 'X-Api-Key': await key(CENTRAL_ADMISSION) };
    otherDock = { 'X-Api-Key': await key(OTHER_ADMISSION) };
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await close();
  });

  const file = async (over: Record<string, unknown> = {}, token = nurse) => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const poll = (app: TestApp, headers: Record<string, string>, wait?: number) =>
    app
      .http()
      .get(`/api/v1/footage-requests?status=open${wait === undefined ? '' : `&wait=${wait}`}`)
      .set(headers);
  const requestsOf = async (incidentId: string, token = safety) => {
    const res = await t
      .http()
      .get(`/api/v1/incidents/${incidentId}/footage-requests`)
      .set(bearer(token));
    expect(res.status).toBe(200);
    return res.body as Array<Record<string, unknown> & { id: string; status: string }>;
  };
  const openFor = async (incidentId: string, headers = dock) =>
    ((await poll(t, headers)).body as GatewayRequest[]).filter((r) => r.incidentId === incidentId);

  /** What a dock does with a request: send the window straight to the bucket, naming the request. */
  async function uploadWindow(request: GatewayRequest, headers = dock) {
    const file = mp4(6000);
    const started = await t.http().post('/api/v1/footage/uploads').set(headers).send({
      deviceId: request.deviceId,
      fileName: 'REC_window.mp4',
      size: file.length,
      contentType: 'video/mp4',
      recordedFrom: request.from,
      recordedTo: request.to,
      requestId: request.id,
    });
    return { started, file };
  }

  it('a dock long-polling one API process hears of the report filed through another within a second, uploads the window and the incident shows it linked and verified', async () => {
    // The simulated dock: polls until its unit is asked for something, a bounded number of times.
    const dockLoop = (async () => {
      for (let round = 0; round < 5; round++) {
        const asked = Date.now();
        const res = await poll(second, dock, 10);
        expect(res.status).toBe(200);
        if (res.body.length > 0) return { requests: res.body as GatewayRequest[], asked };
      }
      throw new Error('the dock was never asked for footage');
    })();
    await eventually(
      async () => second.app.get(FootageRequestWaiters).held,
      (n) => n === 1,
      5000,
    );
    const occurredAt = hoursAgo(1);
    const filedAt = Date.now();
    const incident = await file({ occurredAt });
    const { requests } = await dockLoop;
    expect(Date.now() - filedAt).toBeLessThan(1000);
    const [request] = requests;
    expect(requests).toHaveLength(1);
    expect(request).toMatchObject({ deviceId: RECORDER, incidentId: incident.id, status: 'open' });
    expect(new Date(request.from).getTime()).toBe(new Date(occurredAt).getTime() - 15 * MINUTE);
    expect(new Date(request.to).getTime()).toBe(new Date(occurredAt).getTime() + 15 * MINUTE);

    const { started, file: bytes } = await uploadWindow(request);
    expect(started.status).toBe(201);
    expect((await requestsOf(incident.id))[0].status).toBe('uploading');
    expect((await openFor(incident.id))[0]).toMatchObject({ id: request.id, status: 'uploading' });
    const put = await fetch(started.body.parts[0].url, { method: 'PUT', body: bytes });
    const done = await t
      .http()
      .post(`/api/v1/footage/uploads/${started.body.uploadId}/complete`)
      .set(dock)
      .send({ parts: [{ partNumber: 1, etag: put.headers.get('etag') }] });
    expect(done.status).toBe(200);

    const shown = await eventually(
      () => requestsOf(incident.id),
      (rs) => rs[0].status === 'verified',
    );
    expect(shown[0]).toMatchObject({
      status: 'verified',
      reason: null,
      origin: 'report',
      footageId: started.body.footageId,
      device: { id: RECORDER, kind: 'video_recorder' },
    });
    expect(shown[0].receivedAt).toEqual(expect.any(String));
    const linked = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(police));
    expect(linked.body.items.map((f: { id: string }) => f.id)).toEqual([started.body.footageId]);
    const custody = await custodyOf(t, safety, started.body.footageId);
    expect(custody.events.map((e) => [e.action, e.actorType])).toEqual([
      ['uploaded', 'device'],
      ['linked', 'device'],
      ['verified', 'system'],
    ]);
    expect(custody.events[1].details).toMatchObject({
      incidentId: incident.id,
      requestId: request.id,
    });
    expect(await openFor(incident.id)).toEqual([]);
  });

  it('asks the body camera of an ambulance team for a call, and no device for a ward', async () => {
    const paramedic = await t.login('paramedic@demo.medguard.kz');
    const call = await file(
      {
        facilityId: seedId('facility:almaty:ambulance:1'),
        unitId: TEAM,
        place: { kind: 'ambulance_call' },
      },
      paramedic,
    );
    const ward = await file({ place: { kind: 'ward' } });
    const byParamedic = await requestsOf(call.id, paramedic);
    expect(byParamedic.map((r) => [(r.device as { id: string }).id, r.status])).toEqual([
      [TEAM_CAMERA, 'open'],
    ]);
    expect(await requestsOf(ward.id)).toEqual([]);
  });

  it('a gateway declines with a reason once: dozens of declines at once give one 200, the rest 409', async () => {
    const incident = await file();
    const [request] = await openFor(incident.id);
    const bad = await t
      .http()
      .post(`/api/v1/footage-requests/${request.id}/decline`)
      .set(dock)
      .send({ reason: 'lost' });
    expect([bad.status, bad.body.details?.[0]?.field]).toEqual([400, 'reason']);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        t
          .http()
          .post(`/api/v1/footage-requests/${request.id}/decline`)
          .set(dock)
          .send({ reason: 'overwritten' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(11).fill(409)]);
    expect((await requestsOf(incident.id))[0]).toMatchObject({
      status: 'declined',
      reason: 'overwritten',
    });
    expect(await openFor(incident.id)).toEqual([]);
    const late = await uploadWindow(request);
    expect([late.started.status, late.started.body.details?.[0]?.field]).toEqual([
      409,
      'requestId',
    ]);
  });

  it('a request nobody answers expires after FOOTAGE_REQUEST_EXPIRY_HOURS, on the clock', async () => {
    const incident = await file();
    const [request] = await openFor(incident.id);
    const restore = shiftClock([t.app, second.app, worker], 24 * 3600_000 + MINUTE);
    try {
      expect((await requestsOf(incident.id))[0]).toMatchObject({
        id: request.id,
        status: 'expired',
      });
      expect(await openFor(incident.id)).toEqual([]);
      const upload = await uploadWindow(request);
      expect([upload.started.status, upload.started.body.details?.[0]?.field]).toEqual([
        409,
        'requestId',
      ]);
      const decline = await t
        .http()
        .post(`/api/v1/footage-requests/${request.id}/decline`)
        .set(dock)
        .send({ reason: 'device_offline' });
      expect(decline.status).toBe(409);
    } finally {
      restore();
    }
  });

  it('facility admins and routed police ask a device by hand; the same window asked at once is made once', async () => {
    const incident = await file();
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const to = new Date(Date.now() - 2 * 3600_000).toISOString();
    const asks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/incidents/${incident.id}/footage-requests`)
          .set(bearer(i % 2 ? police : safety))
          .send({ deviceId: RECORDER, from, to }),
      ),
    );
    expect(asks.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const made = asks.find((a) => a.status === 201)!.body;
    expect(made).toMatchObject({ origin: 'person', status: 'open', device: { id: RECORDER } });
    expect((await openFor(incident.id)).map((r) => r.id)).toContain(made.id);
    const refused = await Promise.all([
      t
        .http()
        .post(`/api/v1/incidents/${incident.id}/footage-requests`)
        .set(bearer(safety))
        .send({ deviceId: RECORDER, from: to, to: from }),
      t
        .http()
        .post(`/api/v1/incidents/${incident.id}/footage-requests`)
        .set(bearer(safety))
        .send({ deviceId: OTHER_RECORDER, from, to }),
      t
        .http()
        .post(`/api/v1/incidents/${incident.id}/footage-requests`)
        .set(bearer(nurse))
        .send({ deviceId: RECORDER, from, to }),
      t
        .http()
        .post(`/api/v1/incidents/${incident.id}/footage-requests`)
        .set(bearer(await t.login('admin@demo.medguard.kz')))
        .send({ deviceId: RECORDER, from, to }),
    ]);
    expect(refused.map((r) => [r.status, r.body.details?.[0]?.field])).toEqual([
      [400, 'to'],
      [400, 'deviceId'],
      [403, undefined],
      [403, undefined],
    ]);
    expect((await requestsOf(incident.id)).length).toBe(2);
  });

  it("another unit's gateway neither sees, declines nor fulfils this unit's requests; people never poll", async () => {
    const incident = await file();
    const [request] = await openFor(incident.id);
    expect(await openFor(incident.id, otherDock)).toEqual([]);
    const decline = await t
      .http()
      .post(`/api/v1/footage-requests/${request.id}/decline`)
      .set(otherDock)
      .send({ reason: 'not_recorded' });
    expect(decline.status).toBe(404);
    const upload = await uploadWindow({ ...request, deviceId: OTHER_RECORDER }, otherDock);
    expect([upload.started.status, upload.started.body.details?.[0]?.field]).toEqual([
      400,
      'requestId',
    ]);
    expect((await poll(t, bearer(safety))).status).toBe(403);
    expect((await poll(t, {})).status).toBe(401);
    const ministry = await t.login('ministry@demo.medguard.kz');
    const seen = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage-requests`)
      .set(bearer(ministry));
    expect(seen.status).toBe(403);
  });

  it('a poll with nothing to answer holds for its wait and answers [], a hung-up poll lets go at once, and a key holds few', async () => {
    const waiters = t.app.get(FootageRequestWaiters);
    const began = Date.now();
    const empty = await poll(t, otherDock, 1);
    expect([empty.status, empty.body]).toEqual([200, []]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - began).toBeLessThan(3000);

    const base = await listenOnLoopback(t);
    const hangUps = Array.from({ length: 5 }, () => new AbortController());
    const polls = hangUps.map((c) =>
      fetch(`${base}/api/v1/footage-requests?status=open&wait=30`, {
        headers: otherDock,
        signal: c.signal,
      }).then(
        (res) => res.status,
        () => 'hung up',
      ),
    );
    const refused = await Promise.race(polls);
    expect(refused).toBe(429);
    expect(waiters.held).toBe(4);
    hangUps.forEach((c) => c.abort());
    expect((await Promise.all(polls)).sort()).toEqual([429, ...Array(4).fill('hung up')].sort());
    expect(
      await eventually(
        async () => waiters.held,
        (n) => n === 0,
        3000,
      ),
    ).toBe(0);
  });
});
