import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FaultResult, FaultScript } from './FaultScript';
import { Scope } from './Scope';
import { bigResults } from './scripts/bigResults';
import { diskFull } from './scripts/diskFull';
import { hugeRetries } from './scripts/hugeRetries';
import { powerLoss } from './scripts/powerLoss';
import { races } from './scripts/races';
import { secondHost } from './scripts/secondHost';
import { sigkillSoak } from './scripts/sigkillSoak';

// Attacks a real host (child processes, on-disk stores) the ways issue 10 lists, and checks what a user would see.
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, json: { type: 'string' } } });
const SCRIPTS: FaultScript[] = [races, secondHost, diskFull, hugeRetries, bigResults, sigkillSoak, powerLoss];

interface Ran extends FaultResult {
  key: string;
  name: string;
  seconds: number;
}

let current: Scope | undefined;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    interrupted = true;
    void (current?.dispose() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function runOne(script: FaultScript, quick: boolean): Promise<FaultResult> {
  const scope = new Scope();
  current = scope;
  const limitMs = script.timeLimitMs({ quick });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<FaultResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ passed: false, summary: `did not finish within ${limitMs / 1000} s`, figures: { timedOut: true } }),
      limitMs,
    );
  });
  const run = script.run(scope, { quick });
  run.catch(() => {}); // after a time-out the stopped script may still reject
  try {
    return await Promise.race([run, timedOut]);
  } catch (error) {
    return { passed: false, summary: `error: ${(error as Error)?.message ?? error}`, figures: { error: String((error as Error)?.message ?? error) } };
  } finally {
    clearTimeout(timer);
    await scope.dispose();
    current = undefined;
  }
}

async function main(): Promise<number> {
  const quick = values.quick === true;
  const only = values.only?.split(',').map((k) => k.trim());
  const unknown = only?.filter((k) => !SCRIPTS.some((s) => s.key === k)) ?? [];
  if (unknown.length) {
    console.error(`--only: no fault script ${unknown.join(', ')}; the scripts are ${SCRIPTS.map((s) => s.key).join(', ')}.`);
    return 2;
  }
  const selected = only ? SCRIPTS.filter((s) => only.includes(s.key)) : SCRIPTS;
  console.log(`durable-host faults (${quick ? 'quick' : 'full'}) on ${os.cpus().length} cores, Node ${process.version}`);
  const results: Ran[] = [];
  for (const script of selected) {
    if (interrupted) break;
    const started = Date.now();
    const result = await runOne(script, quick);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    results.push({ key: script.key, name: script.name, seconds, ...result });
    console.log(`(${script.key}) ${script.name.padEnd(30)} ${result.summary}  (${seconds} s)  ${result.passed ? 'PASS' : 'FAIL'}`);
    for (const line of result.details ?? []) console.log(`      ${line}`);
  }
  const failed = results.filter((r) => !r.passed);
  console.log(`faults: ${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (${failed.map((r) => r.key).join(', ')})` : ''}`);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ quick, node: process.version, cores: os.cpus().length, results }, null, 2)}\n`);
  return interrupted ? 130 : failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
