import { DEMO_IDS } from '../seeds/demo';
import { bearer, startTestApp, TestApp } from './support/test-app';

const CENTRAL = DEMO_IDS.centralHospital;

describe('units and devices from creation to deletion', () => {
  let t: TestApp;
  let safety: string;
  beforeAll(async () => {
    t = await startTestApp();
    safety = await t.login('safety@demo.medguard.kz');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body: object) =>
      t.http().post(`/api/v1${path}`).set(bearer(token)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(`/api/v1${path}`).set(bearer(token)).send(body),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set(bearer(token)),
  });

  const newUnit = async (name: string) => {
    const res = await as(safety).post('/units', {
      facilityId: CENTRAL,
      kind: 'admission_department',
      name,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('lets a facility admin read, change and delete a unit and its device, each change answered with the whole record; a unit with a device stays', async () => {
    const api = as(safety);
    const unitId = await newUnit('Admission, building C');
    expect((await api.get(`/units/${unitId}`)).body).toMatchObject({
      id: unitId,
      facilityId: CENTRAL,
      kind: 'admission_department',
      name: 'Admission, building C',
    });
    const renamed = await api.patch(`/units/${unitId}`, { name: 'Admission, building C2' });
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Admission, building C2']);
    const unchanged = await api.patch(`/units/${unitId}`, {});
    expect([unchanged.status, unchanged.body.name]).toEqual([200, 'Admission, building C2']);

    const device = await api.post('/devices', { unitId, serialNumber: 'VR-CGKB-C-01' });
    expect(device.status).toBe(201);
    const deviceId = device.body.id as string;
    const read = await api.get(`/devices/${deviceId}`);
    expect([read.status, read.body.kind, read.body.model]).toEqual([200, 'video_recorder', null]);
    const changed = await api.patch(`/devices/${deviceId}`, { model: 'Hikvision DS-7608' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: deviceId,
      unitId,
      kind: 'video_recorder',
      serialNumber: 'VR-CGKB-C-01',
      model: 'Hikvision DS-7608',
    });

    expect((await api.delete(`/units/${unitId}`)).status).toBe(409);
    expect((await api.get(`/units/${unitId}`)).status).toBe(200);
    expect((await api.delete(`/devices/${deviceId}`)).status).toBe(204);
    expect((await api.get(`/devices/${deviceId}`)).status).toBe(404);
    expect((await api.delete(`/units/${unitId}`)).status).toBe(204);
    expect((await api.get(`/units/${unitId}`)).status).toBe(404);
  });

  it('gives a serial number to exactly one of a dozen devices renamed to it at once; the others get 409', async () => {
    const api = as(safety);
    const unitId = await newUnit('Admission, building D');
    const devices = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.post('/devices', { unitId, serialNumber: `VR-CGKB-D-${String(i).padStart(2, '0')}` }),
      ),
    );
    expect(devices.map((d) => d.status)).toEqual(devices.map(() => 201));
    const renames = await Promise.all(
      devices.map((d) => api.patch(`/devices/${d.body.id}`, { serialNumber: 'VR-CGKB-D-ONE' })),
    );
    expect(renames.map((r) => r.status).sort()).toEqual([200, ...Array(11).fill(409)]);
    const holders = (await t.db.query(`SELECT id FROM devices WHERE serial_number = $1`, [
      'VR-CGKB-D-ONE',
    ])) as Array<{ id: string }>;
    expect(holders.map((h) => h.id)).toEqual([renames.find((r) => r.status === 200)!.body.id]);
  });
});
