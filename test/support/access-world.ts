import { randomBytes } from 'node:crypto';
import { DEMO_IDS } from '../../seeds/demo';
import { regionId } from '../../seeds/reference';
import { seedId } from '../../seeds/seed-ids';
import { CallerName } from './access-table';
import { uploadFootage } from './footage';
import { hoursAgo, report } from './incidents';
import { mp4 } from './media';
import { bearer, DEMO_PASSWORDS, TestApp } from './test-app';

/** The caller's side of a row: theirs, or someone else's (another facility, post or unit). */
export type Side = 'own' | 'other';

/** How a caller presents itself: to the API (bearer token or device key) and to the pages (session cookie). */
export interface Identity {
  api: Record<string, string>;
  page: Record<string, string>;
}

/** The places rows belong to: the demo staff's hospital, and another Almaty hospital with its own post. */
export const PLACES = {
  own: {
    facility: DEMO_IDS.centralHospital,
    unit: seedId('unit:almaty:cgkb:admission'),
    device: seedId('device:almaty:cgkb:recorder'),
    post: DEMO_IDS.centralPost,
  },
  other: {
    facility: seedId('facility:almaty:gkb:1'),
    unit: seedId('unit:almaty:gkb:1:admission'),
    device: seedId('device:almaty:gkb:1:recorder'),
    post: seedId('post:almaty:gkb:1'),
  },
} as const;

/** The occurrence time of the shared reports, apart from the fresh ones so a list can be narrowed to them. */
export const SHARED_OCCURRED_AT = hoursAgo(72);

export interface FiledIncident {
  id: string;
  alerts: Array<{ id: string; policePostId: string }>;
}

const DEMO_EMAIL: Partial<Record<CallerName, string>> = {
  staff: 'nurse@demo.medguard.kz',
  facility_admin: 'safety@demo.medguard.kz',
  police: 'police@demo.medguard.kz',
  ministry: 'ministry@demo.medguard.kz',
  admin: 'admin@demo.medguard.kz',
};

const unique = () => randomBytes(4).toString('hex');

/**
 * Everything the matrix's cells need: every caller signed in, a nurse of the other hospital, a
 * device key on each side, shared rows for cells that only read, and makers of fresh rows for
 * cells that change them. Rows are made through the API, by their owners or by the admin.
 */
export class AccessWorld {
  readonly as = {} as Record<CallerName, Identity>;
  /** The shared reports (filed `SHARED_OCCURRED_AT`), footage linked to them, and their alerts to each side's post. */
  readonly incident = {} as Record<Side, FiledIncident>;
  readonly footage = {} as Record<Side, string>;
  readonly alert = {} as Record<Side, string>;
  readonly user = {} as Record<Side, string>;
  private readonly reporter = {} as Record<Side, string>;
  private readonly gateway = {} as Record<Side, string>;
  admin = '';

  constructor(
    readonly t: TestApp,
    private readonly verified: (token: string, fields: Record<string, string>) => Promise<string>,
  ) {}

  async prepare(): Promise<void> {
    this.admin = await this.t.login(DEMO_EMAIL.admin!);
    const otherNurse = await this.makeUser('other', 'staff');
    this.user.own = (
      await this.t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer(await this.t.login(DEMO_EMAIL.staff!)))
    ).body.id;
    this.user.other = otherNurse.id;
    this.reporter.own = await this.t.login(DEMO_EMAIL.staff!);
    this.reporter.other = otherNurse.token;
    [this.gateway.own, this.gateway.other] = await Promise.all([
      this.apiKey('own').then((k) => k.key),
      this.apiKey('other').then((k) => k.key),
    ]);
    for (const caller of Object.keys(DEMO_EMAIL) as CallerName[])
      this.as[caller] = await this.signIn(caller);
    this.as.anonymous = { api: {}, page: {} };
    this.as.device = this.deviceIdentity('own');
    for (const side of ['own', 'other'] as const) {
      this.incident[side] = await this.file(side, SHARED_OCCURRED_AT);
      this.alert[side] = this.alertOf(this.incident[side], side);
      this.footage[side] = await this.verified(this.reporter[side], {
        incidentId: this.incident[side].id,
      });
    }
  }

  /** A new session of the caller (for cells that end it); device keys and nobody stay as they are. */
  async signIn(caller: CallerName): Promise<Identity> {
    const email = DEMO_EMAIL[caller];
    if (!email) return this.as[caller];
    const password = DEMO_PASSWORDS[email];
    const [api, page] = await Promise.all([
      this.t.http().post('/api/v1/auth/login').send({ email, password }),
      this.t.http().post('/web/session').send({ email, password }),
    ]);
    if (api.status !== 200 || page.status !== 200)
      throw new Error(`signing in ${email} failed: ${api.status} ${page.status}`);
    const cookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('mg_csrf='))!;
    return {
      api: bearer(api.body.accessToken),
      page: {
        Cookie: cookies.join('; '),
        'X-CSRF-Token': decodeURIComponent(csrf.split('=')[1]),
      },
    };
  }

  deviceIdentity(side: Side): Identity {
    const key = { 'X-Api-Key': this.gateway[side] };
    return { api: key, page: key };
  }

  /** Credentials a caller signs in with: its own, or the demo nurse's for those without an account. */
  credentials(caller: CallerName): { email: string; password: string } {
    const email = DEMO_EMAIL[caller] ?? DEMO_EMAIL.staff!;
    return { email, password: DEMO_PASSWORDS[email] };
  }

  /** A report of the side's hospital, filed by its nurse. */
  async file(side: Side, occurredAt = hoursAgo(1)): Promise<FiledIncident> {
    const res = await this.t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(this.reporter[side]))
      .send(this.reportBody(side, occurredAt));
    return expectStatus(res, 201, 'filing a report');
  }

  reportBody(side: Side, occurredAt = hoursAgo(1)) {
    return report({ occurredAt, facilityId: PLACES[side].facility, unitId: PLACES[side].unit });
  }

  sosBody(side: Side) {
    return { facilityId: PLACES[side].facility, unitId: PLACES[side].unit, lat: 43.24, lon: 76.89 };
  }

  /**
   * An open SOS of the side's hospital sent by its nurse (the one still open, or a new one); with
   * `fresh`, a new one from a new colleague of hers, for a cell that closes it.
   */
  async sos(side: Side, fresh = false): Promise<string> {
    const sender = fresh ? (await this.makeUser(side)).token : this.reporter[side];
    const res = await this.t
      .http()
      .post('/api/v1/sos')
      .set(bearer(sender))
      .send(this.sosBody(side));
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`sending an SOS failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  alertOf(incident: FiledIncident, side: Side): string {
    const alert = incident.alerts.find((a) => a.policePostId === PLACES[side].post);
    if (!alert) throw new Error(`no alert to the ${side} post: ${JSON.stringify(incident.alerts)}`);
    return alert.id;
  }

  /** Footage of the side's hospital, uploaded from the nurse's phone (linked to an incident if given). */
  async upload(side: Side, incidentId?: string): Promise<string> {
    const res = await uploadFootage(
      this.t,
      this.reporter[side],
      mp4(2048),
      'phone.mp4',
      incidentId ? { incidentId } : {},
    );
    return expectStatus(res, 201, 'uploading footage').id;
  }

  /** A direct upload started by the side's gateway, its one part sent; what completing it takes. */
  async directUpload(side: Side): Promise<{ uploadId: string; etag: string }> {
    const file = mp4(4096);
    const started = expectStatus(
      await this.t
        .http()
        .post('/api/v1/footage/uploads')
        .set(this.deviceIdentity(side).api)
        .send(this.directUploadBody(side, file.length)),
      201,
      'starting a direct upload',
    );
    const put = await fetch(started.parts[0].url, { method: 'PUT', body: file });
    if (!put.ok) throw new Error(`sending a part failed: ${put.status}`);
    return { uploadId: started.uploadId, etag: put.headers.get('etag') as string };
  }

  directUploadBody(side: Side, size = 4096) {
    return {
      deviceId: PLACES[side].device,
      fileName: 'CAM01.mp4',
      size,
      contentType: 'video/mp4',
      recordedFrom: hoursAgo(2),
      recordedTo: hoursAgo(1),
    };
  }

  async makeUser(side: Side, role = 'staff'): Promise<{ id: string; token: string }> {
    const email = `matrix-${unique()}@example.kz`;
    const password = 'Matrix-pass-2026!';
    const created = expectStatus(
      await this.t
        .http()
        .post('/api/v1/users')
        .set(bearer(this.admin))
        .send(this.userBody(side, role, email, password)),
      201,
      'creating a user',
    );
    return { id: created.id, token: await this.t.login(email, password) };
  }

  userBody(
    side: Side,
    role = 'staff',
    email = `matrix-${unique()}@example.kz`,
    password = 'Matrix-pass-2026!',
  ) {
    return { email, fullName: 'Matrix Nurse', role, facilityId: PLACES[side].facility, password };
  }

  /** Made by the admin; answers the new row's id. */
  async byAdmin(path: string, body: object, what: string): Promise<string> {
    const res = await this.t.http().post(path).set(bearer(this.admin)).send(body);
    return expectStatus(res, 201, what).id;
  }

  /** A shift of a new officer of the side's post, so that no two cells' shifts overlap. */
  async shiftBody(side: Side) {
    const body = { ...this.userBody(side, 'police'), facilityId: undefined };
    const userId = await this.byAdmin(
      '/api/v1/users',
      { ...body, policePostId: PLACES[side].post },
      'an officer',
    );
    const from = Date.now() + 3600_000;
    return {
      userId,
      from: new Date(from).toISOString(),
      to: new Date(from + 3600_000).toISOString(),
    };
  }

  facilityBody() {
    return {
      regionId: regionId('KZ-35'),
      type: 'polyclinic',
      name: `Matrix polyclinic ${unique()}`,
      address: 'Karaganda, 1 Test street',
      lat: 49.8,
      lon: 73.1,
      staffCount: 10,
    };
  }

  /** A post of a region that covers nothing, so it changes no alert's route. */
  postBody() {
    return { kind: 'post', name: `Matrix post ${unique()}`, regionId: regionId('KZ-35') };
  }

  unitBody(side: Side) {
    return {
      facilityId: PLACES[side].facility,
      kind: 'admission_department',
      name: `Matrix ${unique()}`,
    };
  }

  deviceBody(side: Side) {
    return { unitId: PLACES[side].unit, serialNumber: `MX-${unique()}` };
  }

  apiKey(side: Side): Promise<{ id: string; key: string }> {
    return this.t
      .http()
      .post(`/api/v1/units/${PLACES[side].unit}/api-keys`)
      .set(bearer(this.admin))
      .send({ name: 'matrix gateway' })
      .then((res) => expectStatus(res, 201, 'creating an API key'));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectStatus(res: { status: number; body: any }, status: number, what: string): any {
  if (res.status !== status)
    throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
