import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 on most systems). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const TICK_MS = 1000 / CLOCK_TICKS;

interface ProcTimes {
  ppid: number;
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: its children that have ended and been waited for. */
  reaped: number;
}

function procTimes(pid: number): ProcTimes | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: the fields follow its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(fields[i - 3]);
  return { ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
}

/** CPU time a process has used so far, in milliseconds (0 once it is gone). */
export function processCpuMs(pid: number): number {
  return (procTimes(pid)?.own ?? 0) * TICK_MS;
}

/** CPU seconds a process has used so far, user and system. */
export const cpuSeconds = (pid: number): number => processCpuMs(pid) / 1000;

/** Measures the share of one core a process uses from now until `stop` is called. */
export function cpuShare(
  pid: number,
): () => { cpuSeconds: number; wallSeconds: number; share: number } {
  const cpu = cpuSeconds(pid);
  const wall = process.hrtime.bigint();
  return () => {
    const used = cpuSeconds(pid) - cpu;
    const wallSeconds = Number(process.hrtime.bigint() - wall) / 1e9;
    return { cpuSeconds: used, wallSeconds, share: used / wallSeconds };
  };
}

/**
 * CPU time of a process and everything under it, in milliseconds: the living descendants and
 * those already ended. For PostgreSQL's postmaster this is every backend and background process.
 */
export function treeCpuMs(root: number): number {
  const all = new Map<number, ProcTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = procTimes(Number(entry));
    if (times) all.set(Number(entry), times);
  }
  let ticks = 0;
  const visit = (pid: number) => {
    const times = all.get(pid);
    if (!times) return;
    ticks += times.own + times.reaped;
    for (const [child, t] of all) if (t.ppid === pid) visit(child);
  };
  visit(root);
  return ticks * TICK_MS;
}

/** CPU milliseconds the whole machine has spent busy (not idle or waiting on I/O), all cores. */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq] = fields.map(Number);
  return (user + nice + system + irq + softirq) * TICK_MS;
}

/** The postmaster's pid, from the first line of postmaster.pid in the data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}

/** CPU milliseconds of each named process between `start()` and `stop()`. */
export function cpuMeter(sources: Record<string, () => number>): {
  stop(): Record<string, number>;
} {
  const before = Object.fromEntries(Object.entries(sources).map(([k, read]) => [k, read()]));
  return {
    stop: () =>
      Object.fromEntries(Object.entries(sources).map(([k, read]) => [k, read() - before[k]])),
  };
}
