import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { median } from '../lib/stack';

/** The engines a measured process talks to, by the TCP port they listen on. */
export type Peers = Record<string, number>;

/** A process's open descriptors by what they are: a TCP peer's name, `client`, `pipe`, `file`… */
export type Descriptors = Record<string, number>;

export const rssMiB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** What `read` gives, or `fallback` when the file is gone (the process or descriptor closed). */
function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Socket inode → [local port, remote port], from the kernel's TCP tables. */
function tcpSockets(pid: number): Map<string, [number, number]> {
  const sockets = new Map<string, [number, number]>();
  for (const table of ['tcp', 'tcp6']) {
    const text = readOr(() => readFileSync(`/proc/${pid}/net/${table}`, 'utf8'), '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const port = (address: string) => parseInt(address.split(':')[1], 16);
      sockets.set(cols[9], [port(cols[1]), port(cols[2])]);
    }
  }
  return sockets;
}

/**
 * Counts a process's descriptors by kind: TCP sockets by the peer they connect to (`peers`),
 * accepted connections on `ownPort` as `client`, listening sockets, other sockets, pipes,
 * event descriptors and files.
 */
export function descriptors(pid: number, peers: Peers, ownPort?: number): Descriptors {
  const sockets = tcpSockets(pid);
  const byPort = new Map(Object.entries(peers).map(([name, port]) => [port, name]));
  const counts: Descriptors = {};
  const add = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
  for (const fd of readOr(() => readdirSync(`/proc/${pid}/fd`), [])) {
    // A descriptor closed between listing and reading is skipped.
    const target = readOr(() => readlinkSync(`/proc/${pid}/fd/${fd}`), '');
    if (!target) continue;
    const socket = /^socket:\[(\d+)\]$/.exec(target);
    if (socket) {
      const ports = sockets.get(socket[1]);
      if (!ports) add('other socket');
      else if (ports[1] === 0) add('listening');
      else if (ownPort !== undefined && ports[0] === ownPort) add('client');
      else add(byPort.get(ports[1]) ?? 'other tcp');
    } else if (target.startsWith('pipe:')) add('pipe');
    else if (target.startsWith('anon_inode:')) add(target.slice('anon_inode:'.length));
    else add('file');
  }
  return counts;
}

export const total = (d: Descriptors): number => Object.values(d).reduce((n, c) => n + c, 0);

/** `postgres 10, redis 3, s3 4, client 12, …` in a stable order. */
export const describe = (d: Descriptors): string =>
  Object.entries(d)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

/** Connections that come and go with the load, each kind held to a bound by its pool or client. */
export const POOLED = ['client', 'postgres', 's3', 'webhook'] as const;

/** One minute of a process: medians of its probes, and the lowest heap seen (what survives GC). */
export interface MinuteOfProcess {
  rssMiB: number;
  heapMiB: number;
  fds: number;
  /** Descriptors outside the connection pools: files, pipes, event loops, listeners, Redis. */
  fixedFds: number;
  /** The most connections of each pooled kind seen in the minute. */
  pooledMax: Record<string, number>;
  /** The last probe's descriptors by kind. */
  last: Descriptors;
}

const heapUsed = (metrics: string) =>
  Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1] ?? NaN) / 1024 / 1024;

/** Probes one process a few times a minute: memory, heap in use (from its /metrics), descriptors. */
export class ProcessWatch {
  private probes: Array<{ rss: number; heap: number; d: Descriptors }> = [];

  constructor(
    private readonly pid: number,
    private readonly metricsUrl: string,
    private readonly metricsToken: string | undefined,
    private readonly peers: Peers,
    private readonly ownPort?: number,
  ) {}

  async probe(): Promise<void> {
    const res = await fetch(this.metricsUrl, {
      headers: this.metricsToken ? { authorization: `Bearer ${this.metricsToken}` } : {},
    }).catch(() => null);
    const heap = res?.ok ? heapUsed(await res.text()) : NaN;
    this.probes.push({
      rss: rssMiB(this.pid),
      heap,
      d: descriptors(this.pid, this.peers, this.ownPort),
    });
  }

  /** The minute's figures; starts the next minute. */
  async minute(): Promise<MinuteOfProcess> {
    if (this.probes.length === 0) await this.probe();
    const probes = this.probes;
    this.probes = [];
    const fixed = (d: Descriptors) => total(d) - POOLED.reduce((n, kind) => n + (d[kind] ?? 0), 0);
    return {
      rssMiB: median(probes.map((p) => p.rss)),
      heapMiB: Math.min(...probes.map((p) => p.heap).filter((h) => !Number.isNaN(h))),
      fds: median(probes.map((p) => total(p.d))),
      fixedFds: median(probes.map((p) => fixed(p.d))),
      pooledMax: Object.fromEntries(
        POOLED.map((kind) => [kind, Math.max(...probes.map((p) => p.d[kind] ?? 0))]),
      ),
      last: probes[probes.length - 1].d,
    };
  }
}
