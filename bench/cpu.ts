import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU time (user + system, ms) read from /proc: of the machine, of a live process, of the children
 * that have ended; so a figure can say where each submission's CPU went on a machine all share.
 */
const tickMs = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** /proc/PID/stat after the parenthesised name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime. */
function statFields(pid: number | 'self'): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return null; // gone between the listing and the read
  }
}

/** One live process's own CPU so far, ms (0 once it has gone). */
export function processCpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) * tickMs : 0;
}

/**
 * The CPU of this process's children that have ended and been waited for (pgbench, wrk): the
 * kernel adds each one's time to its parent's cutime/cstime when it is reaped.
 */
export function endedChildrenCpuMs(): number {
  const f = statFields('self')!;
  return (Number(f[13]) + Number(f[14])) * tickMs;
}

/**
 * The whole machine's busy CPU so far (ms, every core: /proc/stat's first line less idle and iowait).
 * PostgreSQL's share is what is left of it once the processes measured apart are taken out: its
 * backends come and go, and one that is exiting shows in /proc less time than it used.
 */
export function machineBusyMs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const all = f.reduce((a, b) => a + b, 0);
  return (all - f[3]! - f[4]!) * tickMs;
}
