import path from 'node:path';
import { type VerifyReport, runVerify } from '../host/verify/runVerify';

export interface VerifyHistoriesOptions {
  /** The function app (built); default the current folder. */
  scriptRoot?: string;
  /** Entry files to load instead of package.json's `main`. */
  entryFiles?: string[];
  /** Only these instances. */
  instanceIds?: string[];
}

export interface HistoriesVerification extends VerifyReport {
  /** One line per instance that does not replay: `<instanceId>: <message>`; empty when all do. */
  problems: string[];
}

/**
 * Replays the history files in `dir` (recorded with `recordHistories`, or written by
 * `durable-host instances export`) against the app's current code, without running activities:
 * `expect((await verifyHistories(dir)).problems).toEqual([])` fails a test on a change that would
 * break instances in flight, naming the position and the source line of the call.
 */
export async function verifyHistories(dir: string, options: VerifyHistoriesOptions = {}): Promise<HistoriesVerification> {
  const result = await runVerify({
    scriptRoot: path.resolve(options.scriptRoot ?? process.cwd()),
    entryFiles: options.entryFiles,
    from: { kind: 'files', location: dir },
    instanceIds: options.instanceIds,
  });
  if (!result.report) throw new Error(result.error);
  const problems = result.report.instances.filter((i) => i.outcome !== 'ok').map((i) => `${i.instanceId}: ${i.message}`);
  return { ...result.report, problems };
}
