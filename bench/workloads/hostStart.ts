import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_APP } from './benchHost';
import { type WorkloadResult, percentile, round } from './measure';

const CLI = path.resolve(__dirname, '..', '..', 'src', 'host', 'cli.js');

/** One start of `durable-host` as a process: from spawn to the first 200 of /admin/host/status; with the peak RSS. */
async function startOnce(): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'start', '--script-root', BENCH_APP, '--port', '0', '--in-memory'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('host did not start in 20 s')), 20_000);
      child.stdout!.on('data', () => {
        const m = /Host started: (http:\/\/\S+?) /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace('localhost', '127.0.0.1'));
        }
      });
    });
    for (;;) {
      const res = await fetch(`${url}/admin/host/status`).catch(() => undefined);
      if (res?.status === 200) break;
    }
    const ms = performance.now() - started;
    const status = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')).catch(() => '');
    const rssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ms, rssMb: round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function hostStart(runs: number, targetMs?: number): Promise<WorkloadResult> {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, rssMb } = await startOnce();
    times.push(ms);
    peak = Math.max(peak, rssMb);
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  return {
    name: 'host start to /admin/host/status',
    unit: 'starts',
    count: runs,
    seconds: round(times.reduce((a, b) => a + b, 0) / 1000, 3),
    throughputPerSecond: round(runs / (times.reduce((a, b) => a + b, 0) / 1000)),
    p50Ms: round(p50),
    p99Ms: round(percentile(times, 99)),
    peakRssMb: peak,
    target: targetMs ? { description: `<= ${targetMs} ms`, met: p50 <= targetMs } : undefined,
    notes: 'peak RSS is the host process',
  };
}
