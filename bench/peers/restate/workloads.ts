import { performance } from 'node:perf_hooks';
import { type WorkloadResult, percentile, round } from '../../workloads/measure';
import type { RestateInstall } from './install';
import { invoke, withRestate } from './session';

/** A peer's figures: ours' fields, with its two processes' peaks (peakRssMb is their sum). */
export interface PeerResult extends WorkloadResult {
  inFlight?: number;
  serverPeakRssMb?: number;
  servicePeakRssMb?: number;
}

const CITIES = ['Tokyo', 'Seattle', 'London', 'Paris', 'Cairo'];

/** (a) on Restate: `count` HelloSequence5 invocations (5 ctx.run steps) over the ingress, `inFlight` at a time. */
export async function restateHelloSequence5(install: RestateInstall, count: number, inFlight: number): Promise<PeerResult> {
  const latencies: number[] = [];
  const run = await withRestate(install, async (ingressUrl) => {
    let started = 0;
    const client = async () => {
      while (started < count) {
        started++;
        const t = performance.now();
        const out = await invoke(ingressUrl, 'helloSequence5');
        if (JSON.stringify(out) !== JSON.stringify(CITIES)) throw new Error(`helloSequence5 answered ${JSON.stringify(out)}`);
        latencies.push(performance.now() - t);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, client));
    return (performance.now() - t0) / 1000;
  });
  latencies.sort((a, b) => a - b);
  return result(`HelloSequence5 x${count}, ${inFlight} in flight`, 'orchestrations', count, run, latencies, inFlight);
}

/** (d) on Restate: sequential requests, each a 3-step chain (3 ctx.run steps) invoked synchronously over the ingress. */
export async function restateChainLatency(install: RestateInstall, requests: number): Promise<PeerResult> {
  const latencies: number[] = [];
  const run = await withRestate(install, async (ingressUrl) => {
    for (let i = 0; i < 20; i++) await invoke(ingressUrl, 'chain3');
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const out = await invoke(ingressUrl, 'chain3');
      if (out !== 3) throw new Error(`chain3 answered ${JSON.stringify(out)}`);
      latencies.push(performance.now() - t);
    }
    return (performance.now() - t0) / 1000;
  });
  latencies.sort((a, b) => a - b);
  return result('3-step chain, HTTP start to answer', 'requests', requests, run, latencies);
}

function result(
  name: string,
  unit: string,
  count: number,
  run: { value: number; serverPeakRssMb?: number; servicePeakRssMb?: number },
  sortedLatencies: number[],
  inFlight?: number,
): PeerResult {
  return {
    name,
    unit,
    count,
    seconds: round(run.value, 3),
    throughputPerSecond: round(count / run.value),
    p50Ms: round(percentile(sortedLatencies, 50), 2),
    p99Ms: round(percentile(sortedLatencies, 99), 2),
    peakRssMb: round((run.serverPeakRssMb ?? 0) + (run.servicePeakRssMb ?? 0)),
    inFlight,
    serverPeakRssMb: run.serverPeakRssMb,
    servicePeakRssMb: run.servicePeakRssMb,
  };
}
