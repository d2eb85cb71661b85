import { performance } from 'node:perf_hooks';
import { type WorkloadResult, round, withPeakRss } from './measure';
import { startBenchHost } from './benchHost';

/** `signals` signals of `add 1` spread over `entities` entities, from enqueue to the last one applied. */
export async function entitySignals(signals: number, entities: number, target?: number): Promise<WorkloadResult> {
  const { host, dispose } = await startBenchHost();
  try {
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      for (let i = 0; i < signals; i++) host.engine.signalEntity('BenchCounter', `k${i % entities}`, 'add', '1');
      await host.engine.whenIdle();
      return (performance.now() - started) / 1000;
    });
    let total = 0;
    for (let k = 0; k < entities; k++) total += Number(host.engine.getEntity('BenchCounter', `k${k}`)?.state ?? 0);
    if (total !== signals) throw new Error(`Entity signals: expected a total of ${signals}, found ${total}.`);
    const throughput = signals / seconds;
    return {
      name: `entity signals, ${entities === 1 ? 'one entity' : `${entities} entities`}`,
      unit: 'signals',
      count: signals,
      seconds: round(seconds, 3),
      throughputPerSecond: round(throughput),
      peakRssMb,
      target: target ? { description: `>= ${target} signals/s`, met: throughput >= target } : undefined,
    };
  } finally {
    await dispose();
  }
}
