/**
 * Statistics benchmark: fills a national directory with synthetic incidents (1,000,000 over five
 * years unless told otherwise), then times each statistics endpoint through the API and the same
 * figures computed by a plain GROUP BY over the incidents table, and prints p50/p95 of both and
 * their ratio. The endpoints read the monthly rollups; the GROUP BY scans what the month needs.
 *
 *   npm run bench:stats -- [--incidents 1000000] [--years 5] [--requests 200] [--keep]
 *
 * With `--keep` the stack stays up after the figures, its database URL printed, until Ctrl-C:
 * `BENCH_STATS_DATABASE_URL=<url> npm run bench:stats` then measures that database again.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { seedNational } from '../../seeds/national';
import { seedReference } from '../../seeds/reference';
import { seedSyntheticIncidents } from '../../seeds/synthetic';
import { intArg } from '../../src/cli/cli-runner';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { freePort } from '../../src/local/services';
import { Month } from '../../src/statistics/months';
import { DIST_SRC, percentile, signIn, startBenchStack, waitHealthy } from '../lib/stack';

const args = process.argv.slice(2);
const INCIDENTS = intArg(args, 'incidents', 1_000_000);
const YEARS = intArg(args, 'years', 5);
const REQUESTS = intArg(args, 'requests', 200);
const KEEP = args.includes('--keep');

/** `n` timed runs after `warmups` untimed ones, sorted. */
async function time(run: () => Promise<unknown>, n: number, warmups: number): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);

async function seed(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    await seedReference(m);
    await seedNational(m, { teams: 2100, admissionDepartments: 644 });
  });
  const started = Date.now();
  // When each step ended, in seconds after the directory was in: rows, indexes, rollups.
  const ends: Partial<Record<'rows' | 'indexes' | 'rollups', number>> = {};
  let reported = 0;
  const written = await seedSyntheticIncidents(dataSource, {
    incidents: INCIDENTS,
    years: YEARS,
    seed: 2026,
    rollups: 'rebuild',
    progress: (n, step) => {
      ends[step] = (Date.now() - started) / 1000;
      if (step === 'rows' && (n - reported >= 1_000_000 || n === INCIDENTS)) {
        reported = n;
        process.stdout.write(`${n} incidents written in ${ends.rows!.toFixed(0)} s\n`);
      }
    },
  });
  const rows = ends.rows ?? 0;
  const indexes = ends.indexes ?? rows;
  const rollups = ends.rollups ?? indexes;
  await dataSource.query('VACUUM ANALYZE');
  process.stdout.write(
    `seeded ${written.incidents} incidents, ${written.victims} victims, ${written.alerts} alerts in ${rollups.toFixed(0)} s ` +
      `(rows ${rows.toFixed(0)} s, ${Math.round((written.incidents + written.victims + written.alerts) / rows)} rows/s; ` +
      `indexes ${(indexes - rows).toFixed(1)} s; rollups rebuilt in ${(rollups - indexes).toFixed(1)} s)\n`,
  );
  const sizes = (await dataSource.query(
    `SELECT relname AS name, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY 2 DESC LIMIT 6`,
  )) as Array<{ name: string; bytes: number }>;
  const [{ total }] = (await dataSource.query(
    `SELECT pg_database_size(current_database())::float8 AS total`,
  )) as Array<{ total: number }>;
  const gib = (b: number) => `${(b / 1024 ** 3).toFixed(2)} GiB`;
  process.stdout.write(
    `database ${gib(total)}: ${sizes.map((t) => `${t.name} ${gib(t.bytes)}`).join(', ')}\n`,
  );
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    // BENCH_STATS_DATABASE_URL reuses a database seeded before (repeated measurements).
    const reuse = process.env.BENCH_STATS_DATABASE_URL;
    const url = reuse ?? (await stack.database('bench_stats'));
    const dataSource = await new DataSource(dataSourceOptions(url, 4)).initialize();
    if (!reuse) await seed(dataSource);
    await dataSource.destroy();

    const port = await freePort();
    await stack.start(join(DIST_SRC, 'main.js'), {
      ...stack.env(url),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    await waitHealthy(port);
    const token = await signIn(port, 'ministry@demo.medguard.kz', 'Ministry-demo-2026!');
    const month = Month.of(new Date()).plus(-1);
    const from = month.plus(-11);
    const get = (path: string) => async () => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    const pg = new Client({ connectionString: url });
    await pg.connect();
    const sql = (text: string, values: unknown[]) => async () =>
      void (await pg.query(text, values));
    const bounds = (m: Month) => [
      `${m.firstDay}T00:00:00+05:00`,
      `${m.plus(1).firstDay}T00:00:00+05:00`,
    ];
    const monthlyPlain = sql(
      `SELECT f.region_id, stats_month(i.occurred_at) AS month, count(*)
         FROM incidents i JOIN facilities f ON f.id = i.facility_id
        WHERE (i.occurred_at >= $1 AND i.occurred_at < $2) OR (i.occurred_at >= $3 AND i.occurred_at < $4)
           OR (i.occurred_at >= $5 AND i.occurred_at < $6)
        GROUP BY 1, 2`,
      [...bounds(month), ...bounds(month.plus(-1)), ...bounds(month.plus(-12))],
    );
    const cases: Array<{ name: string; api: () => Promise<void>; plain: () => Promise<void> }> = [
      {
        name: 'monthly by region',
        api: get(`/api/v1/stats/monthly?month=${month}&groupBy=region`),
        plain: monthlyPlain,
      },
      {
        name: 'monthly by facility',
        api: get(`/api/v1/stats/monthly?month=${month}&groupBy=facility`),
        plain: sql(
          `SELECT i.facility_id, stats_month(i.occurred_at), count(*) FROM incidents i
            WHERE (i.occurred_at >= $1 AND i.occurred_at < $2) OR (i.occurred_at >= $3 AND i.occurred_at < $4)
               OR (i.occurred_at >= $5 AND i.occurred_at < $6)
            GROUP BY 1, 2`,
          [...bounds(month), ...bounds(month.plus(-1)), ...bounds(month.plus(-12))],
        ),
      },
      {
        name: 'monthly by victim role',
        api: get(`/api/v1/stats/monthly?month=${month}&groupBy=victimRole`),
        plain: sql(
          `SELECT v.role, stats_month(i.occurred_at), count(*) FROM incidents i JOIN incident_victims v ON v.incident_id = i.id
            WHERE (i.occurred_at >= $1 AND i.occurred_at < $2) OR (i.occurred_at >= $3 AND i.occurred_at < $4)
               OR (i.occurred_at >= $5 AND i.occurred_at < $6)
            GROUP BY 1, 2`,
          [...bounds(month), ...bounds(month.plus(-1)), ...bounds(month.plus(-12))],
        ),
      },
      {
        name: 'trend, 12 months by category',
        api: get(`/api/v1/stats/trend?from=${from}&to=${month}&groupBy=category`),
        plain: sql(
          `SELECT i.category, stats_month(i.occurred_at), count(*) FROM incidents i
            WHERE i.occurred_at >= $1 AND i.occurred_at < $2 GROUP BY 1, 2`,
          [bounds(from)[0], bounds(month)[1]],
        ),
      },
      {
        name: 'response times',
        api: get(`/api/v1/stats/response-times?month=${month}`),
        // Alerts by outcome and the times over acknowledged incidents, by region.
        plain: sql(
          `WITH m AS (SELECT i.id, i.facility_id, i.created_at FROM incidents i
                       WHERE i.occurred_at >= $1 AND i.occurred_at < $2),
                counts AS (
                  SELECT f.region_id, count(*) AS alerts,
                         count(*) FILTER (WHERE a.acknowledged_at <= a.deadline_at) AS in_time,
                         count(*) FILTER (WHERE a.acknowledged_at > a.deadline_at) AS late,
                         count(*) FILTER (WHERE a.acknowledged_at IS NULL) AS never,
                         count(*) FILTER (WHERE a.escalated_at IS NOT NULL) AS escalated
                    FROM m JOIN alerts a ON a.incident_id = m.id JOIN facilities f ON f.id = m.facility_id
                   GROUP BY 1),
                times AS (
                  SELECT f.region_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median,
                         percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
                    FROM (SELECT m.facility_id, extract(epoch FROM min(a.acknowledged_at) - m.created_at) AS s
                            FROM m JOIN alerts a ON a.incident_id = m.id
                           WHERE a.acknowledged_at IS NOT NULL
                           GROUP BY m.id, m.facility_id, m.created_at) x JOIN facilities f ON f.id = x.facility_id
                   GROUP BY 1)
           SELECT * FROM counts FULL JOIN times USING (region_id)`,
          bounds(month),
        ),
      },
      {
        name: 'coverage, 12 months',
        api: get(`/api/v1/stats/coverage?from=${from}&to=${month}`),
        plain: sql(
          `SELECT i.facility_id, count(*) FROM incidents i WHERE i.occurred_at >= $1 AND i.occurred_at < $2 GROUP BY 1`,
          [bounds(from)[0], bounds(month)[1]],
        ),
      },
      {
        name: 'open data',
        api: async () => {
          const res = await fetch(
            `http://127.0.0.1:${port}/api/v1/stats/open-data.csv?month=${month}`,
          );
          await res.arrayBuffer();
        },
        plain: sql(
          `SELECT f.region_id, i.category, count(*) FROM incidents i JOIN facilities f ON f.id = i.facility_id
            WHERE i.occurred_at >= $1 AND i.occurred_at < $2 GROUP BY 1, 2`,
          bounds(month),
        ),
      },
    ];
    const plainRuns = Math.max(5, Math.floor(REQUESTS / 10));
    process.stdout.write(
      [
        `month ${month}; ${REQUESTS} API requests and ${plainRuns} plain GROUP BY runs per figure, one at a time`,
        `${'figure'.padEnd(30)} ${'API p50'.padStart(10)} ${'API p95'.padStart(10)} ${'GROUP BY p50'.padStart(13)} ${'GROUP BY p95'.padStart(13)}  p95 ratio`,
      ].join('\n') + '\n',
    );
    // Each line as soon as it is measured: at ten million incidents a plain GROUP BY takes seconds.
    for (const c of cases) {
      const api = await time(c.api, REQUESTS, Math.min(10, REQUESTS));
      const plain = await time(c.plain, plainRuns, 1);
      process.stdout.write(
        `${c.name.padEnd(30)} ${ms(percentile(api, 0.5))} ${ms(percentile(api, 0.95))} ${ms(percentile(plain, 0.5)).padStart(13)} ${ms(percentile(plain, 0.95)).padStart(13)}  ${(percentile(plain, 0.95) / percentile(api, 0.95)).toFixed(1)}x\n`,
      );
    }
    process.stdout.write(
      'targets: monthly groupings and trend p95 < 50 ms, and >= 50x the plain GROUP BY\n',
    );
    await pg.end();
    if (KEEP) {
      process.stdout.write(`kept: ${url} (Ctrl-C stops the stack)\n`);
      await new Promise((stop) => process.once('SIGINT', stop));
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
