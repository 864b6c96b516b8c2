import { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MetricsService } from '../src/metrics/metrics.service';
import { startAlertStack } from './support/alert-stack';
import { bearer, TestApp } from './support/test-app';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const section = README.slice(
  README.indexOf('## Operating in production'),
  README.indexOf('\n## ', README.indexOf('## Operating in production') + 1),
);
const rules = (
  parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
  }
).groups.flatMap((g) => g.rules);

/** Metric families named in a PromQL expression (`up` is Prometheus' own). */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\b([a-z_]+)(?=\{|\[|\)| )/g)]
    .map((m) => m[1])
    .filter((name) => name.includes('_') && !['histogram_quantile'].includes(name))
    .map((name) => name.replace(/_(bucket|count|sum)$/, ''));

describe('README, "Operating in production": the alert rules', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  const token = 'operating-docs-metrics-token';

  beforeAll(async () => {
    ({ api, worker, close } = await startAlertStack({ METRICS_TOKEN: token }));
  });
  afterAll(() => close());

  it('alert on queue depth, delivery failures, integrity failures and the 5xx rate', () => {
    const used = rules.flatMap((r) => metricsIn(r.expr));
    expect(used).toEqual(
      expect.arrayContaining([
        'queue_jobs',
        'alert_delivery_failures_total',
        'footage_integrity_failures_total',
        'http_request_duration_seconds',
      ]),
    );
    const errors = rules.find((r) => r.expr.includes('status=~"5.."'));
    expect(errors?.expr).toContain('http_request_duration_seconds_count');
  });

  it('use only metrics the API or the worker export', async () => {
    const res = await api.http().get('/metrics').set(bearer(token));
    expect(res.status).toBe(200);
    const exported = new Set(
      [res.text, await worker.get(MetricsService).registry.metrics()].flatMap((text) =>
        [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]),
      ),
    );
    for (const rule of rules) {
      for (const metric of metricsIn(rule.expr))
        expect({ rule: rule.alert, metric, exported: exported.has(metric) }).toEqual({
          rule: rule.alert,
          metric,
          exported: true,
        });
    }
  });

  it('count answers by status, as the 5xx rule reads them', async () => {
    await api.http().get('/api/v1/incidents');
    const res = await api.http().get('/metrics').set(bearer(token));
    expect(res.text).toMatch(
      /^http_request_duration_seconds_count\{[^}]*status="401"[^}]*\} [1-9]/m,
    );
  });
});
