import { randomUUID } from 'node:crypto';
import type { FaultScript } from '../FaultScript';
import { DurableHttpClient, FINISHED, type StatusAnswer } from '../host/DurableHttpClient';
import { HostProcess } from '../host/HostProcess';
import { tempDir } from '../os/mounts';
import type { Scope } from '../Scope';

const CLIENTS = 20;
const IDS_PER_CLIENT = 2;
/** Long enough for every slow activity of a purged execution to have reported (they sleep at most 120 ms). */
const SETTLE_MS = 400;
const MIN_ACKNOWLEDGED = 500;

type IdState =
  | { kind: 'absent' }
  | { kind: 'finished'; marker: string; start: number }
  | { kind: 'purged'; at: number; purge: number };

interface Tally {
  startsAcknowledged: number;
  startsLost: Set<number>;
  purgesAcknowledged: number;
  purgesUndone: number;
  examples: string[];
}

function markerOf(answer: StatusAnswer): string | undefined {
  return (answer.instance?.input as { marker?: string } | null)?.marker;
}

function seen(answer: StatusAnswer): string {
  return answer.instance ? `${answer.instance.runtimeStatus} with marker ${markerOf(answer) ?? '-'}` : `HTTP ${answer.http}`;
}

/** What the id holds now, from one status read: the client's view after an answer it could not count on. */
function resync(answer: StatusAnswer): IdState {
  return answer.instance && FINISHED.has(answer.instance.runtimeStatus)
    ? { kind: 'finished', marker: markerOf(answer) ?? '', start: -1 }
    : { kind: 'absent' };
}

/**
 * One client and the ids it owns: starts an id, waits for that execution, then restarts it (start again)
 * or purges it, and checks each acknowledged operation the way its user would.
 */
class RaceClient {
  private readonly states: IdState[];
  private next = 0;

  constructor(
    private readonly client: DurableHttpClient,
    private readonly ids: string[],
    private readonly tally: Tally,
    private readonly scope: Scope,
  ) {
    this.states = ids.map(() => ({ kind: 'absent' }));
  }

  async runUntil(done: () => boolean): Promise<void> {
    while (!done()) {
      const i = this.next++ % this.ids.length;
      this.states[i] = await this.step(this.ids[i], this.states[i]);
    }
  }

  /** Checks what the last operation on each id promised, once late messages have had their time. */
  async finish(): Promise<void> {
    for (let i = 0; i < this.ids.length; i++) await this.check(this.ids[i], this.states[i]);
  }

  private note(example: string): void {
    if (this.tally.examples.length < 5) this.tally.examples.push(example);
  }

  /** Verifies an id's promised state; returns what the id is now. */
  private async check(id: string, state: IdState): Promise<IdState> {
    if (state.kind === 'purged') {
      const wait = state.at + SETTLE_MS - Date.now();
      if (wait > 0) await this.scope.sleep(wait);
      const answer = await this.client.status(id);
      if (answer.http === 404) return { kind: 'absent' };
      this.tally.purgesUndone++;
      this.note(`purge #${state.purge} of ${id} answered 200, ${SETTLE_MS} ms later the instance is back: ${seen(answer)}`);
      return resync(answer);
    }
    if (state.kind === 'finished' && state.start >= 0) {
      const answer = await this.client.status(id);
      if (markerOf(answer) === state.marker) return state;
      this.lose(state.start, `start #${state.start} of ${id} completed, later the id shows ${seen(answer)} instead of marker ${state.marker}`);
      return resync(answer);
    }
    return state;
  }

  private lose(start: number, example: string): void {
    if (this.tally.startsLost.has(start)) return;
    this.tally.startsLost.add(start);
    this.note(example);
  }

  private async step(id: string, before: IdState): Promise<IdState> {
    const state = await this.check(id, before);
    if (state.kind === 'finished' && Math.random() < 0.5) {
      const answer = await this.client.purge(id);
      if (answer === 200) return { kind: 'purged', at: Date.now(), purge: ++this.tally.purgesAcknowledged };
      await this.scope.sleep(20);
      return resync(await this.client.status(id));
    }
    return this.start(id);
  }

  /** Starts (or restarts) the id with a new marker and follows that execution to its end. */
  private async start(id: string): Promise<IdState> {
    const marker = randomUUID();
    const slowMs = [Math.floor(Math.random() * 40), Math.floor(Math.random() * 120), Math.floor(Math.random() * 120)];
    const answer = await this.client.start('RaceAny', id, { marker, slowMs });
    if (answer !== 202) {
      await this.scope.sleep(20);
      return resync(await this.client.status(id));
    }
    const start = ++this.tally.startsAcknowledged;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const status = await this.client.status(id);
      if (status.http === 404 || (status.instance && markerOf(status) !== marker)) {
        this.lose(start, `start #${start} of ${id} answered 202, then the id shows ${seen(status)} instead of marker ${marker}`);
        return resync(status);
      }
      if (status.instance && FINISHED.has(status.instance.runtimeStatus)) return { kind: 'finished', marker, start };
      if (Date.now() > deadline) {
        this.lose(start, `start #${start} of ${id} answered 202 and is still ${seen(status)} 15 s later`);
        return resync(status);
      }
      await this.scope.sleep(10);
    }
  }
}

/**
 * (a) Twenty clients restart or purge instances whose orchestrations leave activities running after
 * `Task.any` returns: every acknowledged start must be found, every acknowledged purge must hold.
 */
export const races: FaultScript = {
  key: 'a',
  name: 'restart and purge races',
  timeLimitMs: ({ quick }) => (quick ? 90_000 : 120_000),
  async run(scope, { quick }) {
    const data = tempDir(scope, 'durable-faults-a-');
    const host = await HostProcess.start(scope, { dataDir: data });
    const client = new DurableHttpClient(host.baseUrl, scope.signal);
    const tally: Tally = { startsAcknowledged: 0, startsLost: new Set(), purgesAcknowledged: 0, purgesUndone: 0, examples: [] };
    const clients = Array.from(
      { length: CLIENTS },
      (_, c) => new RaceClient(client, Array.from({ length: IDS_PER_CLIENT }, (_, k) => `race-${c}-${k}`), tally, scope),
    );
    const began = Date.now();
    // The full form runs 60 s; the quick one at least 10 s and until 500 operations were acknowledged (at most 45 s).
    const done = quick
      ? () => !host.running || Date.now() - began > 45_000 || (Date.now() - began > 10_000 && tally.startsAcknowledged + tally.purgesAcknowledged >= MIN_ACKNOWLEDGED)
      : () => !host.running || Date.now() - began > 60_000;
    await Promise.all(clients.map((c) => c.runUntil(done)));
    const seconds = Math.round((Date.now() - began) / 1000);
    if (host.running) await Promise.all(clients.map((c) => c.finish()));

    const acknowledged = tally.startsAcknowledged + tally.purgesAcknowledged;
    const lost = tally.startsLost.size;
    const problems: string[] = [];
    if (!host.running) problems.push(`the host exited during the run`);
    if (acknowledged < MIN_ACKNOWLEDGED) problems.push(`only ${acknowledged} operations acknowledged (at least ${MIN_ACKNOWLEDGED} needed)`);
    return {
      passed: lost === 0 && tally.purgesUndone === 0 && problems.length === 0,
      summary:
        `starts lost ${lost}/${tally.startsAcknowledged} acknowledged, purges undone ${tally.purgesUndone}/${tally.purgesAcknowledged} acknowledged, ` +
        `${CLIENTS} clients, ${seconds} s${problems.length ? ` [${problems.join('; ')}]` : ''}`,
      figures: { startsAcknowledged: tally.startsAcknowledged, startsLost: lost, purgesAcknowledged: tally.purgesAcknowledged, purgesUndone: tally.purgesUndone, seconds },
      details: [...tally.examples, ...(host.running ? [] : [host.tail()])],
    };
  },
};
