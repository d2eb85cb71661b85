import { performance } from 'node:perf_hooks';
import { startBenchHost } from './benchHost';
import { type WorkloadResult, percentile, round, withPeakRss } from './measure';

/** HelloSequence5: `count` orchestrations started at once, each calling 5 activities in sequence. */
export async function helloSequence5(count: number, target?: number, workers?: number, rssTargetMb?: number): Promise<WorkloadResult> {
  const { host, dispose } = await startBenchHost({ workers });
  try {
    const engine = host.engine;
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      for (let i = 0; i < count; i++) engine.startNew('HelloSequence5', null, `hs5-${i}`);
      await Promise.all(Array.from({ length: count }, (_, i) => engine.waitForCompletion(`hs5-${i}`, 600_000)));
      return (performance.now() - started) / 1000;
    });
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const record = engine.getInstance(`hs5-${i}`)!;
      if (record.status !== 'Completed') throw new Error(`hs5-${i} ended ${record.status}`);
      latencies.push(record.completedAt! - record.createdAt);
    }
    latencies.sort((a, b) => a - b);
    const throughput = count / seconds;
    return {
      name: `HelloSequence5 x${count}${workers ? `, ${workers} workers` : ''}`,
      unit: 'orchestrations',
      count,
      seconds: round(seconds, 3),
      throughputPerSecond: round(throughput),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      peakRssMb,
      target: target
        ? { description: `>= ${target} orchestrations/s`, met: throughput >= target }
        : rssTargetMb
          ? { description: `peak RSS <= ${rssTargetMb} MB`, met: peakRssMb * 1.048576 <= rssTargetMb }
          : undefined,
    };
  } finally {
    await dispose();
  }
}

/**
 * HelloSequence5 started over HTTP (the management API, 50 clients at once), so that every start is
 * acknowledged: with durability `full` each answer waits for the fsync that makes it survive a power loss.
 */
export async function helloOverHttp(count: number, durability: 'full' | 'normal', workers?: number): Promise<WorkloadResult> {
  const { host, dispose } = await startBenchHost({ durability, workers });
  try {
    const base = `${host.url.replace('localhost', '127.0.0.1')}/runtime/webhooks/durabletask/orchestrators/HelloSequence5`;
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let i = next++; i < count; i = next++) {
            const res = await fetch(`${base}/h-${i}`, { method: 'POST' });
            await res.text();
            if (res.status !== 202) throw new Error(`start h-${i} answered ${res.status}`);
          }
        }),
      );
      await Promise.all(Array.from({ length: count }, (_, i) => host.engine.waitForCompletion(`h-${i}`, 600_000)));
      return (performance.now() - started) / 1000;
    });
    return {
      name: `HelloSequence5 x${count} over HTTP, ${durability}${workers ? `, ${workers} workers` : ''}`,
      unit: 'orchestrations',
      count,
      seconds: round(seconds, 3),
      throughputPerSecond: round(count / seconds),
      peakRssMb,
    };
  } finally {
    await dispose();
  }
}

/** One orchestration fanning out to `width` activities and in again. */
export async function fanOutFanIn(width: number, targetSeconds?: number): Promise<WorkloadResult> {
  const { host, dispose } = await startBenchHost();
  try {
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      host.engine.startNew('FanOutFanIn', String(width), 'fan');
      const done = await host.engine.waitForCompletion('fan', 600_000);
      if (!done || done.status !== 'Completed' || done.output !== String(width)) throw new Error(`fan-out ended ${done?.status}: ${done?.output}`);
      return (performance.now() - started) / 1000;
    });
    return {
      name: `fan-out/fan-in of ${width}`,
      unit: 'activities',
      count: width,
      seconds: round(seconds, 3),
      throughputPerSecond: round(width / seconds),
      peakRssMb,
      target: targetSeconds ? { description: `<= ${targetSeconds} s`, met: seconds <= targetSeconds } : undefined,
    };
  } finally {
    await dispose();
  }
}

/** A 3-step chain started over HTTP (the management API's start with ?timeout), until its answer: latency per request. */
export async function chainLatency(requests: number, targetP50Ms?: number): Promise<WorkloadResult> {
  const { host, dispose } = await startBenchHost();
  try {
    const url = `${host.url.replace('localhost', '127.0.0.1')}/runtime/webhooks/durabletask/orchestrators/Chain3?timeout=10`;
    const latencies: number[] = [];
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      for (let i = 0; i < 20; i++) await (await fetch(url, { method: 'POST' })).text();
      const started = performance.now();
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        const res = await fetch(url, { method: 'POST' });
        const body = await res.text();
        if (res.status !== 200 || body !== '3') throw new Error(`chain answered ${res.status} ${body}`);
        latencies.push(performance.now() - t);
      }
      return (performance.now() - started) / 1000;
    });
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    return {
      name: '3-step chain, HTTP start to answer',
      unit: 'requests',
      count: requests,
      seconds: round(seconds, 3),
      throughputPerSecond: round(requests / seconds),
      p50Ms: round(p50, 2),
      p99Ms: round(percentile(latencies, 99), 2),
      peakRssMb,
      target: targetP50Ms ? { description: `p50 <= ${targetP50Ms} ms`, met: p50 <= targetP50Ms } : undefined,
    };
  } finally {
    await dispose();
  }
}
