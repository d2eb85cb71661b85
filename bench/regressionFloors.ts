import type { WorkloadResult } from './workloads/measure';

/**
 * The quick bench's floors for CI: far below the targets, so a noisy shared machine passes, but a
 * change that makes the host several times slower or bigger fails the build.
 */
const FLOORS: { key: string; check: (r: WorkloadResult) => string | undefined }[] = [
  { key: 'hello', check: (r) => (r.throughputPerSecond < 150 ? `${r.throughputPerSecond}/s < 150/s` : undefined) },
  { key: 'inflight', check: (r) => (r.peakRssMb > 400 ? `peak RSS ${r.peakRssMb} MiB > 400 MiB` : undefined) },
  { key: 'fanout', check: (r) => (r.seconds > 5 ? `${r.seconds} s > 5 s` : undefined) },
  { key: 'entity100', check: (r) => (r.throughputPerSecond < 2000 ? `${r.throughputPerSecond}/s < 2000/s` : undefined) },
  { key: 'chain', check: (r) => ((r.p50Ms ?? Infinity) > 25 ? `p50 ${r.p50Ms} ms > 25 ms` : undefined) },
  { key: 'start', check: (r) => ((r.p50Ms ?? Infinity) > 3000 ? `p50 ${r.p50Ms} ms > 3000 ms` : undefined) },
];

/** The regressions among `results` (keyed by workload), as lines to print; empty when all pass. */
export function regressions(results: Map<string, WorkloadResult>): string[] {
  const found: string[] = [];
  for (const floor of FLOORS) {
    const result = results.get(floor.key);
    const problem = result && floor.check(result);
    if (problem) found.push(`${result.name}: ${problem}`);
  }
  return found;
}
