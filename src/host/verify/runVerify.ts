import path from 'node:path';
import { ConfigError, loadHostConfig } from '../config/HostConfig';
import { ALL_STATUSES, type RuntimeStatus } from '../durable/model/instance';
import { StoreFileError } from '../durable/store/sqlite/StoreFile';
import { AppLoadError } from '../worker/loadApp';
import { HistoryFileError } from './HistoryFile';
import { type InstanceVerdict, ReplayVerifier } from './ReplayVerifier';
import { historiesFromFiles } from './sources/historyFiles';
import { historiesFromLocalStore } from './sources/localStore';
import { type HistoryFilter, IN_FLIGHT_STATUSES, type StoredHistory } from './sources/StoredHistory';
import { TaskHubReadError, historiesFromTaskHub } from './sources/taskHub';

/** Where the histories to verify come from. */
export type HistorySourceOptions =
  /** The local store: `<dataDir>/<hub>.sqlite`, `dataDir` by default `<scriptRoot>/.durable`. */
  | { kind: 'store'; dataDir?: string }
  /** History files: a folder (its .json files, subfolders included) or one file. */
  | { kind: 'files'; location: string }
  /** A deployed app's task hub on the Azure Storage provider; the hub name by default from host.json. */
  | { kind: 'taskHub'; connectionString: string; hubName?: string };

export interface VerifyOptions {
  /** The function app to verify (its current build). */
  scriptRoot: string;
  /** Entry files to load instead of package.json's `main`. */
  entryFiles?: string[];
  from: HistorySourceOptions;
  instanceIds?: string[];
  /** Only instances in these statuses; for a store or task hub Running, Pending and Suspended unless given, for files all. */
  statuses?: string[];
}

export interface VerifyReport {
  scriptRoot: string;
  /** What was read: the store file, the folder, the task hub. */
  source: string;
  instances: InstanceVerdict[];
  ok: number;
  diverged: number;
  errors: number;
}

export interface VerifyResult {
  /** 0: every instance replays; 1: any diverges or could not be replayed; 2: bad arguments, or nothing could be read at all. */
  exitCode: 0 | 1 | 2;
  report?: VerifyReport;
  /** With exit code 2: why. */
  error?: string;
}

/** An argument that cannot work: exit code 2. */
export class VerifyUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

/** Status names as the user may type them (`running`), checked and spelled as the runtime does (`Running`). */
export function parseStatuses(text: string): RuntimeStatus[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const status = ALL_STATUSES.find((known) => known.toLowerCase() === s.toLowerCase());
      if (!status) throw new VerifyUsageError(`'${s}' is not a runtime status (${ALL_STATUSES.join(', ')}).`);
      return status;
    });
}

async function readHistories(options: VerifyOptions, scriptRoot: string): Promise<{ source: string; histories: StoredHistory[] }> {
  const { from } = options;
  const filter: HistoryFilter = { instanceIds: options.instanceIds, statuses: options.statuses };
  if (from.kind === 'files') {
    return { source: from.location, histories: historiesFromFiles(path.resolve(from.location), filter) };
  }
  const inFlight = { ...filter, statuses: filter.statuses?.length ? filter.statuses : [...IN_FLIGHT_STATUSES] };
  if (from.kind === 'store') {
    const hub = loadHostConfig(scriptRoot).hubName;
    const file = path.join(path.resolve(from.dataDir ?? path.join(scriptRoot, '.durable')), `${hub}.sqlite`);
    return { source: file, histories: historiesFromLocalStore(file, inFlight) };
  }
  const hubName = from.hubName ?? loadHostConfig(scriptRoot).hubName;
  return { source: `task hub ${hubName}`, histories: await historiesFromTaskHub({ connectionString: from.connectionString, hubName }, inFlight) };
}

/**
 * Replays stored histories against the app's current build and reports, per instance, `ok` or the
 * first divergence (position, recorded call, current call, source line). Runs the app in this process
 * and runs no activity.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const scriptRoot = path.resolve(options.scriptRoot);
  try {
    const { source, histories } = await readHistories(options, scriptRoot);
    const verifier = await ReplayVerifier.load({ scriptRoot, entryFiles: options.entryFiles });
    const instances: InstanceVerdict[] = [];
    for (const stored of histories) {
      if (stored.error !== undefined) {
        instances.push({
          instanceId: stored.instanceId,
          name: stored.name ?? '',
          runtimeStatus: stored.runtimeStatus,
          source: stored.source,
          outcome: 'error',
          events: 0,
          calls: 0,
          message: stored.error,
        });
      } else {
        instances.push(await verifier.verify(stored.file, stored.source));
      }
    }
    const count = (outcome: InstanceVerdict['outcome']) => instances.filter((i) => i.outcome === outcome).length;
    const report: VerifyReport = { scriptRoot, source, instances, ok: count('ok'), diverged: count('diverged'), errors: count('error') };
    return { exitCode: report.diverged || report.errors ? 1 : 0, report };
  } catch (error) {
    if (
      error instanceof VerifyUsageError ||
      error instanceof ConfigError ||
      error instanceof AppLoadError ||
      error instanceof StoreFileError ||
      error instanceof HistoryFileError ||
      error instanceof TaskHubReadError
    ) {
      return { exitCode: 2, error: error.message };
    }
    throw error;
  }
}
