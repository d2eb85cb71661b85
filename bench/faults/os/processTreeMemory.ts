import fs from 'node:fs';
import { peakRssMb } from '../../peers/peakRss';

function statusField(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it, from the parent links in /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while the list was read
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** The resident memory of a process and its descendants now, in MiB (worker threads are inside their process). */
export function treeRssMb(pid: number): number {
  const kb = processTree(pid).reduce((sum, p) => sum + (statusField(p, 'VmRSS') ?? 0), 0);
  return Math.round(kb / 102.4) / 10;
}

/** The sum of each process's own peak (VmHWM) over the tree, in MiB: an upper bound of the tree's peak. */
export function treePeakRssMb(pid: number): number {
  return Math.round(processTree(pid).reduce((sum, p) => sum + (peakRssMb(p) ?? 0), 0) * 10) / 10;
}
