import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type PeerBar, renderChart } from './chart';
import { type PeerComparison, type RestateReport, compareWithRestate } from './peers/restate/compareWithRestate';
import { regressions } from './regressionFloors';
import { entitySignals } from './workloads/entitySignals';
import { hostStart } from './workloads/hostStart';
import type { WorkloadResult } from './workloads/measure';
import { chainLatency, fanOutFanIn, helloOverHttp, helloSequence5 } from './workloads/orchestrations';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    out: { type: 'string' },
    peer: { type: 'boolean' },
    'no-peer': { type: 'boolean' },
    check: { type: 'boolean' },
  },
});

const quick = values.quick === true;
/** Restate runs beside (a) and (d) unless --no-peer; the quick form (CI) skips it unless --peer. */
const withPeer = values['no-peer'] ? false : (values.peer ?? !quick);
const RESULTS = path.resolve(values.out ?? path.join(__dirname, '..', '..', 'bench', 'results'));

interface Workload {
  key: string;
  run: () => Promise<WorkloadResult>;
}

const workloads: Workload[] = [
  // The targets are issue 11's, on the 2 cores.
  { key: 'hello', run: () => helloSequence5(quick ? 300 : 2000, 2000) },
  { key: 'hello2', run: () => helloSequence5(quick ? 300 : 2000, 2000, 2) },
  { key: 'inflight', run: () => helloSequence5(quick ? 1000 : 10_000, undefined, undefined, 300) },
  // Durability full beside normal, in the same run: every start acknowledged over HTTP.
  { key: 'full', run: () => helloOverHttp(quick ? 300 : 2000, 'full') },
  { key: 'normal', run: () => helloOverHttp(quick ? 300 : 2000, 'normal') },
  { key: 'fanout', run: () => fanOutFanIn(1000, 1) },
  { key: 'entity1', run: () => entitySignals(quick ? 2000 : 10_000, 1) },
  { key: 'entity100', run: () => entitySignals(quick ? 2000 : 10_000, 100, 30_000) },
  { key: 'chain', run: () => chainLatency(quick ? 50 : 300, 2) },
  { key: 'start', run: () => hostStart(quick ? 3 : 7, 300) },
];

function line(r: WorkloadResult): string {
  const latency = r.p50Ms !== undefined ? `  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms` : '';
  const target = r.target ? `  [${r.target.met ? 'met' : 'NOT met'}: ${r.target.description}]` : '';
  return `${r.name.padEnd(38)} ${String(r.throughputPerSecond).padStart(10)} ${r.unit}/s  ${r.seconds}s${latency}  peak RSS ${r.peakRssMb} MiB${target}`;
}

function peerLines(c: PeerComparison): string {
  const rss = `(server ${c.serverPeakRssMb ?? '?'}, service ${c.servicePeakRssMb ?? '?'})`;
  const figures = (r: PeerComparison['ours']) =>
    c.ratios.throughput !== undefined ? `${r.throughputPerSecond} ${r.unit}/s` : `p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms`;
  const ratios = Object.entries(c.ratios).map(([figure, value]) => `${figure} ${value}`).join(', ');
  return `${line(c)} ${rss}\n    ours ${figures(c.ours)}, Restate ${figures(c)}: ours/theirs ${ratios}`;
}

async function runRestate(ran: Map<string, WorkloadResult>): Promise<RestateReport | undefined> {
  const ours = { hello: ran.get('hello'), chain: ran.get('chain') };
  if (!ours.hello && !ours.chain) return undefined;
  console.log('\nRestate side by side on loopback (ours/theirs: throughput above 1, latency below 1 is ours better)');
  const report = await compareWithRestate(ours, (c) => console.log(peerLines(c)));
  if (report.skipped) console.log(`Restate ${report.results.length ? 'stopped' : 'skipped'}: ${report.skipped}`);
  return report;
}

async function main(): Promise<void> {
  const selected = values.only ? workloads.filter((w) => values.only!.split(',').includes(w.key)) : workloads;
  const results: WorkloadResult[] = [];
  const ran = new Map<string, WorkloadResult>();
  console.log(`durable-host bench (${quick ? 'quick' : 'full'}) on ${os.cpus().length} cores, Node ${process.version}`);
  for (const w of selected) {
    const result = await w.run();
    results.push(result);
    ran.set(w.key, result);
    console.log(line(result));
  }
  const restate = withPeer ? await runRestate(ran) : undefined;
  const peerBars: Record<string, PeerBar[]> = {};
  for (const c of restate?.results ?? []) {
    (peerBars[c.ours.name] ??= []).push({ label: `Restate${c.inFlight ? `, ${c.inFlight} in flight` : ''}`, result: c });
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, cpu: os.cpus()[0]?.model, quick, results, peers: restate ? { restate } : undefined };
  const base = path.join(RESULTS, quick ? 'quick' : 'latest');
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${base}.svg`, renderChart(results, peerBars, `durable-host bench, ${report.date.substring(0, 10)}, ${report.cores} cores`));
  console.log(`\nwrote ${base}.json and ${base}.svg`);
  if (values.check) {
    const found = regressions(ran);
    if (found.length) {
      console.error(`bench: ${found.length} regression(s) below the CI floors:\n  ${found.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('bench: every figure is above its CI floor');
    }
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
