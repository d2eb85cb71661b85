import path from 'node:path';
import type { FaultScript } from '../FaultScript';
import { DurableHttpClient } from '../host/DurableHttpClient';
import { HostProcess } from '../host/HostProcess';
import { LoopExt4, isRoot } from '../os/mounts';
import type { Scope } from '../Scope';

const IMAGE_MIB = 128;

interface Crash {
  /** How the host was told (`--durability …`), or 'default'. */
  durability: string;
  flagUnknown: boolean;
  acknowledged: number;
  lost?: number;
  /** What else the crash took: the host would not start again, or work synced before it was lost too. */
  afterCrash?: string;
}

/** Whether the host refused to start because it does not know `--durability`. */
function rejectsDurabilityFlag(host: HostProcess): boolean {
  return /durability/i.test(host.output) && /unknown|unexpected|not (a )?(known|valid)/i.test(host.output);
}

/**
 * Runs instances to completion (each acknowledged by a status read that says Completed), then crashes
 * the OS under the host (ext4 shut down without flushing its journal), and counts what came back.
 */
async function crashAfterCompletions(scope: Scope, instances: number, durability: string | undefined): Promise<Crash> {
  const disk = LoopExt4.create(scope, IMAGE_MIB);
  const launch = { dataDir: path.join(disk.mountpoint, 'data'), args: durability ? ['--durability', durability] : [] };
  const label = durability ?? 'default';
  let host = await HostProcess.launch(scope, launch);
  try {
    await host.waitForStart(30_000);
  } catch (error) {
    if (durability && rejectsDurabilityFlag(host)) return { durability: label, flagUnknown: true, acknowledged: 0 };
    throw error;
  }
  let client = new DurableHttpClient(host.baseUrl, scope.signal);
  const runToCompletion = async (ids: string[]) => {
    const completed: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        if ((await client.start('Greeting', id, { id })) !== 202) return;
        if ((await client.waitFinished(id, 20_000, 10)).instance?.runtimeStatus === 'Completed') completed.push(id);
      }),
    );
    return completed;
  };
  // A host that has run a while: earlier work is on the disk, the last moments' work is what a crash can take.
  const earlier = await runToCompletion(Array.from({ length: 10 }, (_, i) => `before-${i}`));
  disk.sync();
  const acknowledged = await runToCompletion(Array.from({ length: instances }, (_, i) => `power-${i}`));
  // The power goes: nothing written after this point reaches the disk; then the host dies with it.
  disk.shutdownWithoutFlush();
  await host.kill();
  disk.unmount();
  disk.mount();

  host = await HostProcess.launch(scope, launch);
  try {
    await host.waitForStart(30_000);
  } catch {
    const line = host.output.trim().split('\n').filter(Boolean).pop() ?? '';
    return { durability: label, flagUnknown: false, acknowledged: acknowledged.length, lost: acknowledged.length, afterCrash: `the host did not start after the crash: ${line.slice(0, 160)}` };
  }
  client = new DurableHttpClient(host.baseUrl, scope.signal);
  const missing = async (ids: string[]) => {
    let n = 0;
    for (const id of ids) if ((await client.status(id)).instance?.runtimeStatus !== 'Completed') n++;
    return n;
  };
  const lost = await missing(acknowledged);
  const earlierLost = await missing(earlier);
  await host.stop(5_000);
  disk.unmount();
  const afterCrash = earlierLost ? `and ${earlierLost} of the ${earlier.length} synced before` : undefined;
  return { durability: label, flagUnknown: false, acknowledged: acknowledged.length, lost, afterCrash };
}

function describe(crash: Crash): string {
  if (crash.flagUnknown) return `${crash.durability}: --durability is unknown to this host`;
  return `${crash.durability}: lost ${crash.lost}/${crash.acknowledged} acknowledged${crash.afterCrash ? ` (${crash.afterCrash})` : ''}`;
}

/**
 * (g) Power loss: completions the host acknowledged must survive an OS crash with the default
 * durability (full); with `--durability normal` losses are allowed and only reported.
 */
export const powerLoss: FaultScript = {
  key: 'g',
  name: 'power loss (ext4 shutdown)',
  timeLimitMs: () => 150_000,
  async run(scope) {
    if (!isRoot()) return { passed: false, summary: 'needs root (to mount an ext4 image and shut it down); not run', figures: { needsRoot: true } };
    // 30 fit between two WAL checkpoints (which sync even with synchronous=NORMAL), so the normal figure means something.
    const instances = 30;
    const full = await crashAfterCompletions(scope, instances, 'full');
    // Until the host knows --durability, its default is what users get: measure that instead.
    const primary = full.flagUnknown ? await crashAfterCompletions(scope, instances, undefined) : full;
    const normal = await crashAfterCompletions(scope, instances, 'normal');
    const problems: string[] = [];
    if (full.flagUnknown) problems.push('--durability full is not accepted');
    if (primary.lost !== 0) problems.push(`${primary.lost} acknowledged completions lost with ${primary.durability} durability`);
    if (primary.acknowledged < instances) problems.push(`only ${primary.acknowledged} of ${instances} completed before the crash`);
    const parts = full.flagUnknown ? [describe(full), describe(primary)] : [describe(full)];
    parts.push(`${describe(normal)} (informational)`);
    return {
      passed: problems.length === 0,
      summary: parts.join('; '),
      figures: {
        instances,
        durabilityFlag: !full.flagUnknown,
        durability: primary.durability,
        acknowledged: primary.acknowledged,
        lost: primary.lost ?? null,
        normalAcknowledged: normal.flagUnknown ? null : normal.acknowledged,
        normalLost: normal.lost ?? null,
      },
      details: problems,
    };
  },
};
