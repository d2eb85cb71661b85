import fs from 'node:fs';
import path from 'node:path';
import type { FaultScript } from '../FaultScript';
import { DurableHttpClient } from '../host/DurableHttpClient';
import { HostProcess } from '../host/HostProcess';
import { cpuPercentDuring } from '../os/cpuUsage';
import { fillDisk, isRoot, mountTmpfs } from '../os/mounts';
import type { Scope } from '../Scope';

const TMPFS_MIB = 64;
const LOAD_CLIENTS = 8;
const CPU_LIMIT_PERCENT = 20;
const FULL_WINDOW_MS = 5_000;
const PROBE_EVERY_MS = 500;
const PROBE_TIMEOUT_MS = 2_000;
/** Issue 10: a store failure is logged once when it starts and once when it clears, not on every retry. */
const LOG_LINES_LIMIT = 5;

/** Clients that start orchestrations one after another until stopped, noting each acknowledged id. */
class Load {
  readonly acknowledged = new Set<string>();
  refused = 0;
  private running = true;
  private next = 0;
  private readonly done: Promise<void[]>;

  constructor(
    private readonly client: DurableHttpClient,
    private readonly scope: Scope,
  ) {
    const padding = 'x'.repeat(2048);
    this.done = Promise.all(
      Array.from({ length: LOAD_CLIENTS }, async () => {
        while (this.running) {
          const id = `load-${this.next++}`;
          const answer = await this.client.start('Chain', id, { id, padding });
          if (answer === 202) this.acknowledged.add(id);
          else {
            this.refused++;
            await this.scope.sleep(20);
          }
        }
      }),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

/**
 * (c) The store's disk fills under load: while it is full the host must stay nearly idle and keep
 * answering; once space is freed every acknowledged instance must complete.
 */
export const diskFull: FaultScript = {
  key: 'c',
  name: 'disk full under load',
  timeLimitMs: ({ quick }) => (quick ? 120_000 : 180_000),
  async run(scope, { quick }) {
    if (!isRoot()) return { passed: false, summary: 'needs root (to mount a tmpfs); not run', figures: { needsRoot: true } };
    const recoveryLimitMs = quick ? 30_000 : 60_000;
    const mount = mountTmpfs(scope, TMPFS_MIB);
    const data = path.join(mount, 'data');
    const host = await HostProcess.start(scope, { dataDir: data });
    const client = new DurableHttpClient(host.baseUrl, scope.signal, PROBE_TIMEOUT_MS * 2);
    const load = new Load(client, scope);
    await scope.sleep(2_000);
    const beforeFull = load.acknowledged.size;
    const refusedBeforeFull = load.refused;

    const filler = path.join(mount, 'filler');
    const fillerBytes = fillDisk(filler);
    // Keep the load on for a moment, so that commits, activities and starts meet the full disk.
    await scope.sleep(2_000);
    await load.stop();
    const refusedWhileFull = load.refused - refusedBeforeFull;
    const linesBefore = host.lines;

    let probes = 0;
    let probesAnswered = 0;
    const cpuFull = await cpuPercentDuring(host.pid, async () => {
      const until = Date.now() + FULL_WINDOW_MS;
      while (Date.now() < until) {
        const at = Date.now();
        probes++;
        if ((await client.hostStatus(PROBE_TIMEOUT_MS)) === 200) probesAnswered++;
        await scope.sleep(Math.max(0, PROBE_EVERY_MS - (Date.now() - at)));
      }
    });
    const linesWhileFull = host.lines - linesBefore;

    fs.rmSync(filler);
    const freedAt = Date.now();
    let recoveryMs: number | undefined;
    let notCompleted = load.acknowledged.size;
    let lastStates = '';
    while (host.running && Date.now() - freedAt < recoveryLimitMs) {
      const all = await client.list('load-');
      if (all) {
        const byId = new Map(all.map((i) => [i.instanceId, i.runtimeStatus]));
        const states = new Map<string, number>();
        notCompleted = 0;
        for (const id of load.acknowledged) {
          const status = byId.get(id) ?? 'missing';
          if (status !== 'Completed') notCompleted++;
          states.set(status, (states.get(status) ?? 0) + 1);
        }
        lastStates = [...states].map(([s, n]) => `${n} ${s}`).join(', ');
        if (notCompleted === 0) {
          recoveryMs = Date.now() - freedAt;
          break;
        }
      }
      await scope.sleep(250);
    }

    const problems: string[] = [];
    if (refusedWhileFull === 0) problems.push('no start was refused while the disk was full: the fill did not reach the store');
    if (cpuFull === undefined || cpuFull >= CPU_LIMIT_PERCENT) problems.push(`CPU while full ${cpuFull ?? '?'}% of a core (limit ${CPU_LIMIT_PERCENT}%)`);
    if (linesWhileFull > LOG_LINES_LIMIT) {
      const sample = host.output.trimEnd().split('\n').pop() ?? '';
      problems.push(`${linesWhileFull} log lines while full (at most ${LOG_LINES_LIMIT}: once when the failure starts), e.g. "${sample.slice(0, 160)}"`);
    }
    if (probesAnswered < probes) problems.push(`/admin/host/status answered ${probesAnswered} of ${probes} probes while full`);
    if (!host.running) problems.push('the host exited');
    if (recoveryMs === undefined) problems.push(`${notCompleted} of ${load.acknowledged.size} acknowledged not completed ${recoveryLimitMs / 1000} s after space was freed (${lastStates})`);
    const recovery = recoveryMs === undefined ? `not recovered in ${recoveryLimitMs / 1000} s` : `recovered in ${(recoveryMs / 1000).toFixed(1)} s`;
    return {
      passed: problems.length === 0,
      summary:
        `CPU while full ${cpuFull ?? '?'}% of a core, status ${probesAnswered}/${probes} answered, ${linesWhileFull} log lines in ${FULL_WINDOW_MS / 1000} s; ` +
        `${recovery}: ${load.acknowledged.size - notCompleted}/${load.acknowledged.size} acknowledged completed`,
      figures: {
        tmpfsMiB: TMPFS_MIB,
        fillerMiB: Math.round(fillerBytes / 1048576),
        acknowledgedBeforeFull: beforeFull,
        acknowledged: load.acknowledged.size,
        refusedWhileFull,
        cpuWhileFullPercent: cpuFull ?? null,
        statusProbes: probes,
        statusAnswered: probesAnswered,
        logLinesWhileFull: linesWhileFull,
        recoverySeconds: recoveryMs === undefined ? null : recoveryMs / 1000,
        notCompleted,
      },
      details: problems,
    };
  },
};
