import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyLocalSettings } from '../config/HostConfig';
import { type HistorySourceOptions, VerifyUsageError, parseStatuses, runVerify } from './runVerify';
import { formatVerifyReport, verifyReportJson } from './verifyReport';

export const VERIFY_USAGE = `Usage: durable-host verify [options]

Replays stored orchestration histories against the app's current build, without running any
activity, and reports per instance ok or the first divergence (position, what the history holds,
what the code does now, and the source line of that call).

Where the histories come from (one of):
  (default)                   the local store: --data DIR (default <script-root>/.durable)
  --histories PATH            history files: a folder of .json files, or one file
  --azure-storage CONNECTION  a task hub on the Azure Storage provider: a connection string, or the
                              name of the app setting that holds one (e.g. AzureWebJobsStorage)
  --task-hub NAME             its name (default: host.json extensions.durableTask.hubName)

Options:
  --script-root DIR   the function app, built (default: the current folder)
  --instance ID       only this instance (repeatable)
  --status S,...      only instances in these statuses (default for a store or task hub:
                      Running,Pending,Suspended; for files: all)
  --json              the report as JSON
  -h, --help          show this help

Exit code: 0 every instance replays, 1 any diverges (or could not be replayed), 2 bad arguments.
`;

export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PROCESS_OUTPUT: CommandOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** `durable-host verify ...`: returns the exit code. */
export async function verifyCommand(argv: string[], out: CommandOutput = PROCESS_OUTPUT): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        'script-root': { type: 'string' },
        data: { type: 'string' },
        histories: { type: 'string' },
        'azure-storage': { type: 'string' },
        'task-hub': { type: 'string' },
        instance: { type: 'string', multiple: true },
        status: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    out.stderr(`${(error as Error).message}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  if (values.help) {
    out.stdout(VERIFY_USAGE);
    return 0;
  }
  const scriptRoot = path.resolve(values['script-root'] ?? process.cwd());
  let from: HistorySourceOptions;
  let statuses: string[] | undefined;
  try {
    const sources = [values.data !== undefined && '--data', values.histories !== undefined && '--histories', values['azure-storage'] !== undefined && '--azure-storage'].filter(Boolean);
    if (sources.length > 1) throw new VerifyUsageError(`Give one source of histories, not ${sources.join(' and ')}.`);
    if (values['task-hub'] !== undefined && values['azure-storage'] === undefined) throw new VerifyUsageError('--task-hub goes with --azure-storage.');
    if (values.histories !== undefined) from = { kind: 'files', location: values.histories };
    else if (values['azure-storage'] !== undefined) from = { kind: 'taskHub', connectionString: connectionString(values['azure-storage'], scriptRoot), hubName: values['task-hub'] };
    else from = { kind: 'store', dataDir: values.data };
    statuses = values.status === undefined ? undefined : parseStatuses(values.status);
    if (statuses && !statuses.length) throw new VerifyUsageError('--status needs at least one status.');
  } catch (error) {
    if (!(error instanceof VerifyUsageError)) throw error;
    out.stderr(`${error.message}\n`);
    return 2;
  }
  const result = await runVerify({ scriptRoot, from, instanceIds: values.instance, statuses });
  if (!result.report) {
    out.stderr(`${result.error}\n`);
    return result.exitCode;
  }
  out.stdout(values.json ? verifyReportJson(result.report) : formatVerifyReport(result.report));
  return result.exitCode;
}

/** A connection string given as such, or the name of the app setting (or variable) that holds one. */
function connectionString(value: string, scriptRoot: string): string {
  if (value.includes('=')) return value;
  try {
    applyLocalSettings(scriptRoot);
  } catch {
    // Without a readable local.settings.json only the environment can name it.
  }
  const resolved = process.env[value];
  if (!resolved) throw new VerifyUsageError(`--azure-storage ${value}: no connection string given, and no app setting or variable '${value}' is set.`);
  return resolved;
}
