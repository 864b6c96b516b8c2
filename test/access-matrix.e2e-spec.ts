import { INestApplicationContext } from '@nestjs/common';
import { routesOf } from '../src/auth/route-access.check';
import { ACCOUNT_FIXTURES } from './support/access-fixtures-account';
import { CASE_FIXTURES } from './support/access-fixtures-cases';
import { DIRECTORY_FIXTURES } from './support/access-fixtures-directory';
import { EVENT_FIXTURES } from './support/access-fixtures-events';
import { EVIDENCE_FIXTURES } from './support/access-fixtures-evidence';
import { MFA_FIXTURES } from './support/access-fixtures-mfa';
import { PRIVACY_FIXTURES } from './support/access-fixtures-privacy';
import { PUSH_FIXTURES } from './support/access-fixtures-push';
import { REQUEST_FIXTURES } from './support/access-fixtures-requests';
import { SUPPORT_FIXTURES } from './support/access-fixtures-support';
import { STATISTICS_FIXTURES } from './support/access-fixtures-statistics';
import {
  Cell,
  cellsOf,
  inBatches,
  mismatchOf,
  printMatrix,
  runCall,
} from './support/access-matrix';
import { ACCESS_TABLE, NOT_SERVED_YET } from './support/access-table';
import { AccessWorld } from './support/access-world';
import { startFootageStack, uploadVerified } from './support/footage';
import { mp4 } from './support/media';
import { TestApp } from './support/test-app';

const FIXTURES = {
  ...DIRECTORY_FIXTURES,
  ...CASE_FIXTURES,
  ...PUSH_FIXTURES,
  ...ACCOUNT_FIXTURES,
  ...MFA_FIXTURES,
  ...PRIVACY_FIXTURES,
  ...SUPPORT_FIXTURES,
  ...STATISTICS_FIXTURES,
  ...EVENT_FIXTURES,
  ...EVIDENCE_FIXTURES,
  ...REQUEST_FIXTURES,
};

describe('access matrix', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let world: AccessWorld;

  beforeAll(async () => {
    ({ t, worker, close } = await startFootageStack({
      METRICS_TOKEN: 'matrix-metrics-token-0123456789',
    }));
    world = new AccessWorld(t, (token, fields) =>
      uploadVerified(t, token, mp4(2048), 'phone.mp4', fields),
    );
    await world.prepare();
  }, 60_000);
  afterAll(() => close());

  it('the table lists exactly the routes the router serves, each once, with a fixture', () => {
    expect(worker).toBeDefined();
    const served = routesOf(t.app).map((r) => `${r.method} ${r.path}`);
    const listed = ACCESS_TABLE.filter((e) => !e.mounted).map((e) => e.route);
    expect({
      missingFromTable: served.filter((r) => !listed.includes(r)),
      staleInTable: listed.filter((r) => !served.includes(r)),
      listedTwice: listed.filter((r, i) => listed.indexOf(r) !== i),
      servedButMarkedNotYet: NOT_SERVED_YET.filter((r) => served.includes(r)),
      withoutFixture: ACCESS_TABLE.map((e) => e.route).filter((r) => !FIXTURES[r]),
      fixtureWithoutRoute: Object.keys(FIXTURES).filter(
        (r) => !ACCESS_TABLE.some((e) => e.route === r),
      ),
    }).toEqual({
      missingFromTable: [],
      staleInTable: [],
      listedTwice: [],
      servedButMarkedNotYet: [],
      withoutFixture: [],
      fixtureWithoutRoute: [],
    });
  });

  it('every route answers every caller, on own and other rows, as the table says', async () => {
    const cells: Cell[] = cellsOf();
    await inBatches(cells, 8, async (cell) => {
      try {
        const call = await FIXTURES[cell.route](world, cell.caller, cell.side ?? 'own');
        cell.outcome = await runCall(world, cell.caller, call);
      } catch (error) {
        cell.outcome = { kind: 'broken', status: 0, message: (error as Error).message };
      }
      cell.mismatch = mismatchOf(cell);
    });
    const mismatches = cells
      .filter((c) => c.mismatch)
      .map((c) => `${c.route} as ${c.caller}${c.side ? ` on ${c.side} row` : ''}: ${c.mismatch}`);
    process.stdout.write(
      `Access matrix (✓ carried out, ✗ refused, ! not as the table says)\n${printMatrix(cells)}\n`,
    );
    expect(mismatches).toEqual([]);
  }, 300_000);
});
