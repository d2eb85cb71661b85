import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart } from './chart';
import { entitySignals } from './workloads/entitySignals';
import { hostStart } from './workloads/hostStart';
import type { WorkloadResult } from './workloads/measure';
import { chainLatency, fanOutFanIn, helloSequence5 } from './workloads/orchestrations';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const quick = values.quick === true;
const RESULTS = path.resolve(values.out ?? path.join(__dirname, '..', '..', 'bench', 'results'));

interface Workload {
  key: string;
  run: () => Promise<WorkloadResult>;
}

const workloads: Workload[] = [
  { key: 'hello', run: () => helloSequence5(quick ? 300 : 2000, 1000) },
  { key: 'inflight', run: () => helloSequence5(quick ? 1000 : 10_000) },
  { key: 'fanout', run: () => fanOutFanIn(1000, 1) },
  { key: 'entity1', run: () => entitySignals(quick ? 2000 : 10_000, 1) },
  { key: 'entity100', run: () => entitySignals(quick ? 2000 : 10_000, 100, 10_000) },
  { key: 'chain', run: () => chainLatency(quick ? 50 : 300, 5) },
  { key: 'start', run: () => hostStart(quick ? 3 : 7, 1000) },
];

function line(r: WorkloadResult): string {
  const latency = r.p50Ms !== undefined ? `  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms` : '';
  const target = r.target ? `  [${r.target.met ? 'met' : 'NOT met'}: ${r.target.description}]` : '';
  return `${r.name.padEnd(38)} ${String(r.throughputPerSecond).padStart(10)} ${r.unit}/s  ${r.seconds}s${latency}  peak RSS ${r.peakRssMb} MiB${target}`;
}

async function main(): Promise<void> {
  const selected = values.only ? workloads.filter((w) => values.only!.split(',').includes(w.key)) : workloads;
  const results: WorkloadResult[] = [];
  console.log(`durable-host bench (${quick ? 'quick' : 'full'}) on ${os.cpus().length} cores, Node ${process.version}`);
  for (const w of selected) {
    const result = await w.run();
    results.push(result);
    console.log(line(result));
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, cpu: os.cpus()[0]?.model, quick, results };
  const base = path.join(RESULTS, quick ? 'quick' : 'latest');
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${base}.svg`, renderChart(results, {}, `durable-host bench, ${report.date.substring(0, 10)}, ${report.cores} cores`));
  console.log(`\nwrote ${base}.json and ${base}.svg`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
