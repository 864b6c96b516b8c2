import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 on most systems). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used so far, user and system (utime + stime from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last `)`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

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
