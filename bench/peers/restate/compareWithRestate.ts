import type { WorkloadResult } from '../../workloads/measure';
import { round } from '../../workloads/measure';
import { RESTATE_SDK_VERSION, RESTATE_SERVER_VERSION, installRestate } from './install';
import { runIsolated } from './isolated';
import type { PeerResult } from './workloads';

/** One of Restate's figures set beside ours. */
export interface PeerComparison extends PeerResult {
  /** The bench's workload key: hello (a) or chain (d). */
  workload: string;
  ours: Pick<WorkloadResult, 'name' | 'unit' | 'throughputPerSecond' | 'p50Ms' | 'p99Ms'>;
  /** Ours / theirs: a throughput ratio above 1 means we are faster, a latency ratio above 1 that we are slower. */
  ratios: { throughput?: number; p50?: number; p99?: number };
}

export interface RestateReport {
  server: string;
  sdk: string;
  results: PeerComparison[];
  /** Why Restate ran in part or not at all; the bench carries on with ours. */
  skipped?: string;
}

/** In-flight levels for (a) on Restate: ours starts all at once, Restate is driven by that many synchronous clients. */
const IN_FLIGHT = [50, 200];

/** Runs (a) and (d) on Restate for those of ours that ran, with the same counts. Never throws: a peer that cannot run says why. */
export async function compareWithRestate(
  ours: { hello?: WorkloadResult; chain?: WorkloadResult },
  onResult: (comparison: PeerComparison) => void,
): Promise<RestateReport> {
  const report: RestateReport = { server: RESTATE_SERVER_VERSION, sdk: RESTATE_SDK_VERSION, results: [] };
  const add = (workload: string, our: WorkloadResult, theirs: PeerResult, figures: Array<keyof PeerComparison['ratios']>) => {
    const ratios: PeerComparison['ratios'] = {};
    for (const figure of figures) ratios[figure] = ratio(figure, our, theirs);
    const { name, unit, throughputPerSecond, p50Ms, p99Ms } = our;
    const comparison = { ...theirs, workload, ours: { name, unit, throughputPerSecond, p50Ms, p99Ms }, ratios };
    report.results.push(comparison);
    onResult(comparison);
  };
  try {
    const install = await installRestate();
    if (ours.hello) {
      for (const inFlight of IN_FLIGHT) add('hello', ours.hello, await runIsolated(install, 'hello', ours.hello.count, inFlight), ['throughput']);
    }
    if (ours.chain) add('chain', ours.chain, await runIsolated(install, 'chain', ours.chain.count), ['p50', 'p99']);
  } catch (error) {
    report.skipped = error instanceof Error ? error.message : String(error);
  }
  return report;
}

function ratio(figure: keyof PeerComparison['ratios'], ours: WorkloadResult, theirs: WorkloadResult): number | undefined {
  const pick = (r: WorkloadResult) => (figure === 'throughput' ? r.throughputPerSecond : figure === 'p50' ? r.p50Ms : r.p99Ms);
  const [a, b] = [pick(ours), pick(theirs)];
  return a !== undefined && b ? round(a / b, 2) : undefined;
}
