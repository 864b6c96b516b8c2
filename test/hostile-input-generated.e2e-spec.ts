import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { routesOf } from '../src/auth/route-access.check';
import { createS3Client } from '../src/storage/s3-client';
import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { Case, CaseContext, caseFor } from './support/fuzz/cases';
import { bucketCounts, changes, Footprint, tableCounts } from './support/fuzz/footprint';
import {
  inputFields,
  Operation,
  OpenApiDocument,
  operationsOf,
  templateOf,
} from './support/fuzz/openapi';
import { pageOperations } from './support/fuzz/page-operations';
import { RawAnswer, sendRaw } from './support/fuzz/raw-http';
import { describe as describeRequest, render } from './support/fuzz/request-draft';
import { formatSummary, OperationTally } from './support/fuzz/summary';
import { uploadFootage } from './support/footage';
import { CENTRAL, CENTRAL_ADMISSION, OTHER_ADMISSION, report } from './support/incidents';
import { mp4 } from './support/media';
import {
  bearer,
  DEMO_PASSWORDS,
  listenOnLoopback,
  startTestApp,
  TestApp,
} from './support/test-app';

/** Cases for the operations with the most fields to fill in; `FUZZ_RUNS=5000` for a longer run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/**
 * Cases per operation, by what a caller can fill in: every operation gets a third of RUNS for
 * what all share (credentials, headers, content types, the path), and a twelfth more per field
 * it takes, up to RUNS (an operation with eight fields or more gets them all).
 */
const runsFor = (op: Operation) => Math.min(RUNS, Math.ceil((RUNS * (4 + inputFields(op))) / 12));
/** `FUZZ_SEED` replays a run; the seed is printed with the summary. */
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);
/** `FUZZ_OPS` (a regular expression over "METHOD /path") narrows a run to some operations. */
const ONLY = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : null;
const IN_FLIGHT = 32;
const UPLOAD_LIMIT = 64 * 1024;
/** Requests beyond these sizes may be cut off by the server mid-send, which is a refusal too. */
const LARGEST_READ_BODY = 256 * 1024;

const USERS = {
  admin: 'admin',
  nurse: 'staff',
  paramedic: 'staff',
  safety: 'facility_admin',
  police: 'police',
  dutydesk: 'police',
  ministry: 'ministry',
} as const;
type DemoUser = keyof typeof USERS;

const JUNK_CREDENTIALS: Record<string, Array<[string, string]>> = {
  anonymous: [],
  'junk-bearer': [['Authorization', `Bearer ${'f'.repeat(64)}`]],
  'malformed-bearer': [['Authorization', 'Bearer']],
  'basic-auth': [['Authorization', 'Basic YWRtaW46YWRtaW4=']],
  'junk-api-key': [['X-Api-Key', 'mgk_0000000000000000000000000000']],
  'junk-cookie': [['Cookie', 'mg_session=not-a-session; mg_csrf=x']],
};

const opName = (op: Operation) => `${op.method} ${op.path}`;
const seedOf = (op: Operation) =>
  createHash('sha256')
    .update(`${SEED}:${opName(op)}`)
    .digest()
    .readUInt32BE(0) & 0x7fffffff;
const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

describe('generated hostile input, from the OpenAPI document, against every operation', () => {
  let t: TestApp;
  let port: number;
  let s3: S3Client;
  let doc: OpenApiDocument;
  const credentials: Record<string, Array<[string, string]>> = { ...JUNK_CREDENTIALS };

  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: 'loopback',
      FOOTAGE_MAX_BYTES: String(UPLOAD_LIMIT),
      // Gateways' polls for footage requests are held a second, not half a minute, per case.
      FOOTAGE_REQUEST_POLL_SECONDS: '1',
    });
    port = Number(new URL(await listenOnLoopback(t)).port);
    s3 = createS3Client(t.config.s3);
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.close();
  });

  /** Signs every demo user in, with a token for the API and cookies for the pages. */
  async function signInEveryone(): Promise<Record<DemoUser, string>> {
    const names = Object.keys(USERS) as DemoUser[];
    const tokens = await t.loginAll(...names);
    await Promise.all(
      names.map(async (name, i) => {
        credentials[name] = [['Authorization', `Bearer ${tokens[i]}`]];
        const email = `${name}@demo.medguard.kz`;
        const res = await t
          .http()
          .post('/web/session')
          .send({ email, password: DEMO_PASSWORDS[email] })
          .expect(200);
        const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
        const value = (n: string) =>
          cookies
            .find((c) => c.startsWith(`${n}=`))!
            .split(';')[0]
            .slice(n.length + 1);
        const [session, csrf] = [value('mg_session'), value('mg_csrf')];
        credentials[`${name}-cookie`] = [
          ['Cookie', `mg_session=${session}; mg_csrf=${csrf}`],
          ['X-CSRF-Token', decodeURIComponent(csrf)],
        ];
        credentials[`${name}-cookie-nocsrf`] = [['Cookie', `mg_session=${session}`]];
      }),
    );
    return Object.fromEntries(names.map((n, i) => [n, tokens[i]])) as Record<DemoUser, string>;
  }

  /** Rows the cases can name: an incident with alerts and footage, a direct upload, a key, a user. */
  async function fixture(token: Record<DemoUser, string>) {
    const as = (user: DemoUser) => bearer(token[user]);
    const key = await t
      .http()
      .post(`/api/v1/units/${CENTRAL_ADMISSION}/api-keys`)
      .set(as('safety'))
      .send({ name: 'fuzz dock' })
      .expect(201);
    credentials.device = [['X-Api-Key', key.body.key]];
    const incidents = await Promise.all(
      (['nurse', 'safety'] as const).map(
        async (user) =>
          (await t.http().post('/api/v1/incidents').set(as(user)).send(report()).expect(201)).body
            .id as string,
      ),
    );
    const footage = await uploadFootage(t, token.safety, mp4(4096), 'clip.mp4').expect(201);
    await t
      .http()
      .post(`/api/v1/incidents/${incidents[0]}/footage`)
      .set(as('safety'))
      .send({ footageId: footage.body.id })
      .expect(201);
    const upload = await t
      .http()
      .post('/api/v1/footage/uploads')
      .set('X-Api-Key', key.body.key)
      .send({
        deviceId: seedId('device:almaty:cgkb:recorder'),
        fileName: 'REC_0042.mp4',
        size: 6 * 1024 * 1024,
        contentType: 'video/mp4',
        recordedFrom: '2026-11-23T01:00:00+05:00',
        recordedTo: '2026-11-23T01:10:00+05:00',
      })
      .expect(201);
    const target = await t
      .http()
      .post('/api/v1/users')
      .set(as('admin'))
      .send({
        email: 'fuzz.target@demo.medguard.kz',
        fullName: 'Fuzz Target',
        role: 'staff',
        facilityId: CENTRAL,
        password: 'Fuzz-target-2026-long!',
      })
      .expect(201);
    const ids = async (sql: string) =>
      ((await t.db.query(sql)) as Array<{ id: string }>).map((r) => r.id);
    const footageIds = [footage.body.id as string, upload.body.footageId as string];
    // The reports asked the recorder for footage; cases may decline the first, the second stays
    // open so the gateway's polls answer at once.
    const [request] = await ids(
      `SELECT id FROM footage_requests WHERE incident_id = '${incidents[0]}' LIMIT 1`,
    );
    const keyIds = await ids(`SELECT id FROM unit_api_keys`);
    const other = await ids(
      `SELECT id FROM facilities WHERE id <> '${CENTRAL}' ORDER BY id LIMIT 1`,
    );
    // Path ids name rows whose change could not undo the run (the demo users sign in throughout).
    return {
      facilities: [CENTRAL, ...other],
      'police-posts': [DEMO_IDS.centralPost, DEMO_IDS.almatyDutyDesk],
      units: [CENTRAL_ADMISSION, OTHER_ADMISSION],
      devices: [seedId('device:almaty:cgkb:recorder')],
      users: [target.body.id as string],
      incidents,
      alerts: await ids(`SELECT id FROM alerts`),
      footage: footageIds,
      footageId: footageIds,
      uploadId: [upload.body.uploadId as string],
      'footage-requests': [request],
      requestId: [request],
      keyId: keyIds,
      // Ids in bodies and queries.
      // The demo reporters' own facility most often, so reports get past the scope check.
      facilityId: [CENTRAL, CENTRAL, CENTRAL, ...other],
      unitId: [CENTRAL_ADMISSION, CENTRAL_ADMISSION, OTHER_ADMISSION],
      deviceId: [seedId('device:almaty:cgkb:recorder')],
      regionId: await ids(`SELECT id FROM regions ORDER BY id LIMIT 2`),
      userId: await ids(`SELECT id FROM users WHERE email LIKE 'nurse@%'`),
      incidentId: incidents,
      policePostId: [DEMO_IDS.centralPost],
    };
  }

  function caseContext(pools: Record<string, string[]>): CaseContext {
    const users = Object.keys(USERS) as DemoUser[];
    const lets = (op: Operation, user: DemoUser) =>
      op.access.public || op.access.subjects.includes(USERS[user]);
    const devices = (op: Operation) => op.access.public || op.access.subjects.includes('device');
    return {
      pools,
      validFile: mp4(4096),
      oversizedFile: mp4(UPLOAD_LIMIT + 32 * 1024),
      allowedCredentials: (op) =>
        op.access.public
          ? Object.keys(credentials)
          : [
              ...users
                .filter((u) => lets(op, u))
                .flatMap((u) => (op.page ? [`${u}-cookie`] : [u, u, `${u}-cookie`])),
              ...(devices(op) ? ['device', 'device'] : []),
            ],
      refusedCredentials: (op) => [
        ...Object.keys(JUNK_CREDENTIALS),
        ...users.filter((u) => !lets(op, u)).flatMap((u) => [u, `${u}-cookie`]),
        ...(devices(op) ? [] : ['device']),
      ],
      doubtfulCredentials: (op) =>
        op.access.public
          ? Object.keys(credentials)
          : [
              ...users.filter((u) => lets(op, u)).flatMap((u) => [u, `${u}-cookie-nocsrf`]),
              // A route for device gateways alone has no other credential to try.
              ...(users.some((u) => lets(op, u)) || !devices(op) ? [] : ['device']),
            ],
    };
  }

  const footprint = async (): Promise<Footprint> => {
    const [rows, objects] = await Promise.all([
      tableCounts(t.db),
      bucketCounts(s3, t.config.s3.bucket),
    ]);
    return { ...rows, ...objects };
  };

  it('answers every case with no 5xx, stays up, and refused requests change no row and no object', async () => {
    const routes = routesOf(t.app);
    const accessOf = (method: string, path: string) =>
      routes.find((r) => r.method === method && templateOf(r.path) === path)?.rule;
    const operations = [...operationsOf(doc, accessOf), ...pageOperations(doc, routes)].filter(
      (op) => !ONLY || ONLY.test(opName(op)),
    );
    expect(operations.length).toBeGreaterThan(ONLY ? 0 : 70);

    const token = await signInEveryone();
    const ctx = caseContext(await fixture(token));
    const failures: string[] = [];
    const tallies: OperationTally[] = [];
    const started = Date.now();

    const alive = async () => {
      const res = await sendRaw(port, {
        method: 'GET',
        target: '/health',
        headers: [['Host', 'x']],
      });
      return res.status === 200;
    };
    const send = (c: Case) => {
      const req = render(c.draft, credentials);
      return sendRaw(port, req).then((answer) => ({ c, req, answer }));
    };
    /** Why the answer fails the run, or null. */
    const verdict = (c: Case, req: ReturnType<typeof render>, answer: RawAnswer): string | null => {
      const { status } = answer;
      if (typeof status === 'number') {
        if (status >= 500) return `answered ${status}`;
        // A page refuses a visitor it cannot take as a signed-in user by sending them to sign in.
        const toSignIn = status === 302 && answer.body.startsWith('Found. Redirecting to /?next=');
        if (c.mustRefuse && status < 400 && !toSignIn)
          return `accepted (${status}) a request that must be refused`;
        return null;
      }
      const large = (req.body?.length ?? 0) > LARGEST_READ_BODY;
      if ((status === 'reset' || status === 'closed') && (c.draft.cutShort || large)) return null;
      return `no answer (${status})`;
    };

    /** Sends the cases again one at a time, naming those that leave a change behind. */
    const culprits = async (cases: Case[]) => {
      const found: string[] = [];
      for (const c of cases) {
        if (found.length >= 5) break;
        const before = await footprint();
        const { req, answer } = await send(c);
        const diff = changes(before, await footprint());
        if (diff.length)
          found.push(
            `    changed ${diff.join(', ')} — answered ${answer.status}: [${c.labels.join('; ')}] as ${c.draft.credential}\n` +
              `      request: ${describeRequest(req)}\n      answer: ${answer.body.slice(0, 300)}`,
          );
      }
      return found;
    };

    try {
      for (const op of operations) {
        const tally = new OperationTally(opName(op));
        tallies.push(tally);
        const cases = fc.sample(caseFor(op, ctx), { numRuns: runsFor(op), seed: seedOf(op) });
        const record = (results: Array<Awaited<ReturnType<typeof send>>>) => {
          for (const { c, req, answer } of results) {
            tally.add(answer);
            const problem = verdict(c, req, answer);
            if (!problem) continue;
            tally.failures++;
            failures.push(
              `${tally.name}: ${problem} — [${c.labels.join('; ')}] as ${c.draft.credential}\n` +
                `    request: ${describeRequest(req)}\n    answer: ${answer.body.slice(0, 300)}`,
            );
          }
        };
        const refusedOnly = (results: Array<Awaited<ReturnType<typeof send>>>) =>
          results.every(({ answer: { status } }) => typeof status !== 'number' || status >= 400);

        // Cases that must be refused: the footprint before and after them all must be the same.
        const strict = cases.filter((c) => c.mustRefuse);
        const before = await footprint();
        for (const batch of chunks(strict, IN_FLIGHT)) {
          const results = await Promise.all(batch.map(send));
          record(results);
          if (!(await alive())) throw new Error(`the API stopped answering during ${tally.name}`);
        }
        const changed = changes(before, await footprint());
        if (changed.length) {
          tally.failures++;
          failures.push(
            `${tally.name}: refused requests changed ${changed.join(', ')}`,
            ...(await culprits(strict)),
          );
        }
        // Cases a correct server may accept: batch by batch. A batch in which one was accepted
        // ends with a new baseline (an accepted request may write); a batch of refusals only must
        // leave the footprint as the previous batch left it.
        let baseline = await footprint();
        for (const batch of chunks(
          cases.filter((c) => !c.mustRefuse),
          IN_FLIGHT,
        )) {
          const results = await Promise.all(batch.map(send));
          record(results);
          if (!(await alive())) throw new Error(`the API stopped answering during ${tally.name}`);
          const after = await footprint();
          if (refusedOnly(results)) {
            const diff = changes(baseline, after);
            if (diff.length) {
              tally.failures++;
              failures.push(
                `${tally.name}: a batch of refused requests changed ${diff.join(', ')}`,
                ...(await culprits(batch)),
              );
            }
          } else tally.rebaselined++;
          baseline = after;
        }
      }
    } finally {
      process.stdout.write(
        formatSummary(SEED, RUNS, tallies) +
          `(${Math.round((Date.now() - started) / 1000)} s)\n` +
          (failures.length ? `\n${failures.slice(0, 40).join('\n')}\n` : ''),
      );
    }

    // Keys named __proto__ or constructor never reach the prototype every object shares.
    expect(({} as Record<string, unknown>).fuzzPolluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await alive()).toBe(true);
    expect(failures).toEqual([]);
    expect(tallies.map((tally) => tally.cases)).toEqual(operations.map(runsFor));
  }, 900_000);
});
