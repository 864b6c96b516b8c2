import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
  body: () => string;
  /** The status a successful request answers with. */
  expect: number;
}

/** One keep-alive HTTP POST; resolves with the status code. */
export function poster(target: Target, sockets: number): () => Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return () =>
    new Promise((done, fail) => {
      const payload = target.body();
      const req = request(
        {
          host: '127.0.0.1',
          port: target.port,
          path: target.path,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...target.headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        },
      );
      req.on('error', fail);
      req.end(payload);
    });
}

function summarise(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    requests: sorted.length,
    errors,
    perSecond: sorted.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** As fast as `concurrency` clients can go, for `seconds`: sustained throughput. */
export async function closedLoop(
  send: () => Promise<number>,
  expect: number,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const status = await send().catch(() => 0);
        latencies.push(performance.now() - started);
        if (status !== expect) errors++;
      }
    }),
  );
  return summarise(latencies, errors, seconds);
}

/**
 * A fixed arrival rate, whatever the server does: latency is measured from when each request was
 * due, so a stalled server cannot hide its queue (no coordinated omission).
 */
export async function openLoop(
  send: () => Promise<number>,
  expect: number,
  ratePerSecond: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send()
        .catch(() => 0)
        .then((status) => {
          latencies.push(performance.now() - due);
          if (status !== expect) errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  return summarise(latencies, errors, seconds);
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
