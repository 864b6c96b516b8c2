import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { freePort, stopChild } from '../../src/local/services';
import { checkedAgainst, Contract } from './contract';
import { appEnv, DIST } from './run-node';
import { DEMO_PASSWORDS } from './test-app';

/** One built entry point (`main.js`, `worker.js`) running as a process of its own. */
export class NodeProcess {
  private output = '';
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string | undefined>,
  ) {
    this.child = spawn(process.execPath, [join(DIST, script)], {
      env: appEnv(env) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Only the tail is kept, to say why a process that should be up is not.
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls `url` until it answers 200; fails with the process's last output if it never does. */
  async waitUntilAnswering(url: string, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) break;
      const status = await fetch(url).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not come up at ${url}: ${this.output}`);
  }

  /** Dies at once, as a host failure or an OOM kill would take it, holding whatever it was doing. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }

  stop(): Promise<void> {
    return stopChild(this.child, 10000);
  }
}

/** An API process on a loopback port, with the contract-checked client the tests use. */
export class ApiProcess extends NodeProcess {
  private contract: Contract | null = null;
  private readonly tokens = new Map<string, string>();

  constructor(
    name: string,
    readonly port: number,
    env: Record<string, string | undefined>,
  ) {
    super(name, 'main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(): Promise<void> {
    await this.waitUntilAnswering(`${this.base}/health/ready`);
    this.contract = new Contract((await request(this.base).get('/docs-json')).body);
  }

  http() {
    return checkedAgainst(request(this.base), this.contract!);
  }

  /** Signs a demo user in (`nurse`, `police`) on this API and returns the bearer token. */
  async login(user: string): Promise<string> {
    const email = `${user}@demo.medguard.kz`;
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const res = await this.http()
      .post('/api/v1/auth/login')
      .send({ email, password: DEMO_PASSWORDS[email] });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status}`);
    this.tokens.set(email, res.body.accessToken);
    return res.body.accessToken as string;
  }
}

/** A worker process; its metrics listener answers once its queues and schedules have started. */
export class WorkerProcess extends NodeProcess {
  constructor(
    name: string,
    readonly metricsPort: number,
    env: Record<string, string | undefined>,
  ) {
    super(name, 'worker.js', {
      ...env,
      WORKER_METRICS_PORT: String(metricsPort),
      HOST: '127.0.0.1',
    });
  }

  ready(): Promise<void> {
    return this.waitUntilAnswering(`http://127.0.0.1:${this.metricsPort}/metrics`);
  }
}

/** Starts `apis` API and `workers` worker processes at once on the same settings. */
export async function startProcesses(
  env: Record<string, string>,
  counts: { apis: number; workers: number },
): Promise<{ apis: ApiProcess[]; workers: WorkerProcess[] }> {
  const ports = async (n: number) => {
    const list: number[] = [];
    for (let i = 0; i < n; i++) list.push(await freePort());
    return list;
  };
  const apis = (await ports(counts.apis)).map((p, i) => new ApiProcess(`api ${i + 1}`, p, env));
  const workers = (await ports(counts.workers)).map(
    (p, i) => new WorkerProcess(`worker ${i + 1}`, p, env),
  );
  await Promise.all([...apis, ...workers].map((p) => p.ready()));
  return { apis, workers };
}
