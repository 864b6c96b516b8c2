import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { appEnv, runNode } from './support/run-node';
import { createTestDatabase } from './support/test-app';

describe('seeds', () => {
  let url: string;
  let db: DataSource;
  beforeAll(async () => {
    url = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(url, 2)).initialize();
  });
  afterAll(() => db.destroy());

  const scalar = async (sql: string) => Number((await db.query(sql))[0].n);

  it('seeds Almaty with 36 hospital police posts in the announced proportions and a city duty desk', async () => {
    const rows = await db.query(`
      SELECT f.type, count(*)::int AS n FROM police_posts p
      JOIN police_post_facilities c ON c.police_post_id = p.id JOIN facilities f ON f.id = c.facility_id
      JOIN regions r ON r.id = p.region_id WHERE r.code = 'KZ-75' AND p.kind = 'post' GROUP BY f.type ORDER BY f.type`);
    expect(rows).toEqual([
      { type: 'children_hospital', n: 5 },
      { type: 'maternity_hospital', n: 3 },
      { type: 'multi_profile_hospital', n: 23 },
      { type: 'perinatal_centre', n: 5 },
    ]);
    expect(
      await scalar(
        `SELECT count(*) AS n FROM police_posts p JOIN regions r ON r.id = p.region_id WHERE r.code = 'KZ-75' AND p.kind = 'duty_desk'`,
      ),
    ).toBe(1);
    expect(await scalar(`SELECT count(*) AS n FROM regions`)).toBe(20);
    expect(await scalar(`SELECT count(DISTINCT role) AS n FROM users WHERE is_demo`)).toBe(5);
  });

  it('reference seeding again inserts nothing', async () => {
    const result = await runNode('cli/seed.js', appEnv({ DATABASE_URL: url }), ['--demo']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).inserted).toEqual({
      regions: 0,
      facilities: 0,
      policePosts: 0,
      coverage: 0,
      units: 0,
      devices: 0,
      users: 0,
    });
  });

  it('generates a national directory of 2,100 ambulance teams and 644 admission departments, once', async () => {
    const before = await scalar(`SELECT count(*) AS n FROM units`);
    const run = () =>
      runNode(
        'cli/seed-national.js',
        appEnv({ DATABASE_URL: url }),
        ['--teams', '2100', '--admission-departments', '644'],
        120000,
      );
    const first = await run();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).inserted).toMatchObject({ units: 2744, devices: 2744 });
    expect(await scalar(`SELECT count(*) AS n FROM units WHERE kind = 'ambulance_team'`)).toBe(
      2100 + 24,
    );
    expect(await scalar(`SELECT count(*) AS n FROM units`)).toBe(before + 2744);
    expect(
      await scalar(
        `SELECT count(*) AS n FROM regions r WHERE NOT EXISTS (SELECT 1 FROM police_posts p WHERE p.region_id = r.id AND p.kind = 'duty_desk')`,
      ),
    ).toBe(0);
    const second = await run();
    expect(JSON.parse(second.stdout).inserted).toEqual({
      facilities: 0,
      dutyDesks: 0,
      units: 0,
      devices: 0,
    });
  }, 150000);
});
