import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU time of a process (all its threads) so far, in seconds; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; fields are counted after it (utime is 14th, stime 15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** The share of one core a process used over a window that `during` fills, in percent. */
export async function cpuPercentDuring(pid: number, during: () => Promise<void>): Promise<number | undefined> {
  const before = cpuSeconds(pid);
  const start = process.hrtime.bigint();
  await during();
  const after = cpuSeconds(pid);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (before === undefined || after === undefined) return undefined;
  return Math.round(((after - before) / seconds) * 1000) / 10;
}
