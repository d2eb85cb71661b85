import fs from 'node:fs';
import path from 'node:path';
import type { DurableEngine } from '../host/durable/engine/DurableEngine';
import type { HistoryEvent } from '../host/durable/model/history';
import { type HistoryFile, historyFile, historyFileName, writeHistoryFile } from '../host/verify/HistoryFile';

// A stack frame line of a failure's details: `    at fn (/path/file.js:1:2)`.
const STACK_FRAME = /^\s+at .*(\n|$)/gm;

/**
 * Failures keep their message but lose their stack frames: they name paths of the machine that
 * recorded them, and a file kept in the repository must not.
 */
function withoutStackFrames(event: HistoryEvent): HistoryEvent {
  const strip = (text: string) => text.replace(STACK_FRAME, '').trimEnd();
  const lastFailure = event.Host?.retry?.lastFailure;
  if (typeof event.Details !== 'string' && !lastFailure) return event;
  const copy: HistoryEvent = { ...event };
  if (typeof copy.Details === 'string') copy.Details = strip(copy.Details);
  if (lastFailure) copy.Host = { ...copy.Host, retry: { ...copy.Host!.retry!, lastFailure: { ...lastFailure, details: strip(lastFailure.details) } } };
  return copy;
}

/** What recording an instance did: wrote its file, or kept the one already there. */
export type RecordOutcome = 'written' | 'kept';

/**
 * Records the histories of a test environment's instances into a folder kept with the tests, as
 * snapshots are: a file that is there already is kept (it is what `verifyHistories` checks the code
 * against) unless updating is asked for, which is how an intended, versioned change is accepted.
 */
export class HistoryRecorder {
  private readonly recorded = new Set<string>();

  constructor(
    private readonly engine: DurableEngine,
    readonly dir: string,
    private readonly update: boolean,
    private readonly now: () => Date,
  ) {}

  /** The instance's history as a history file. */
  export(instanceId: string): HistoryFile {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) throw new Error(`No instance with ID '${instanceId}'.`);
    return historyFile({
      instanceId,
      name: instance.name,
      executionId: instance.executionId,
      runtimeStatus: instance.status,
      recordedAt: this.now().toISOString(),
      source: 'DurableTestEnvironment',
      history: this.engine.getHistory(instanceId).map(withoutStackFrames),
    });
  }

  /** Records one instance as it is now; later recording of all instances leaves it as it is. */
  record(instanceId: string): RecordOutcome {
    this.recorded.add(instanceId);
    if (!this.update && fs.existsSync(path.join(this.dir, historyFileName(instanceId)))) return 'kept';
    writeHistoryFile(this.dir, this.export(instanceId));
    return 'written';
  }

  /** Records every instance of the store not recorded yet. */
  recordAll(): void {
    let continuationToken: string | undefined;
    do {
      const page = this.engine.query({ pageSize: 1000, continuationToken });
      for (const instance of page.instances) if (!this.recorded.has(instance.instanceId)) this.record(instance.instanceId);
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
}
