import path from 'node:path';
import { applyLocalSettings } from '../config/HostConfig';
import { type HistorySourceOptions, VerifyUsageError, parseStatuses, runVerify } from './runVerify';
import { formatVerifyReport, verifyReportJson } from './verifyReport';

export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PROCESS_OUTPUT: CommandOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** The options of `durable-host verify`, as the command line gives them. */
export interface VerifyValues {
  scriptRoot?: string;
  data?: string;
  histories?: string;
  azureStorage?: string;
  taskHub?: string;
  instance?: string[];
  status?: string;
  json?: boolean;
}

/** `durable-host verify ...`: returns the exit code. */
export async function runVerifyCommand(values: VerifyValues, out: CommandOutput = PROCESS_OUTPUT): Promise<number> {
  const scriptRoot = path.resolve(values.scriptRoot ?? process.cwd());
  let from: HistorySourceOptions;
  let statuses: string[] | undefined;
  try {
    const sources = [values.data !== undefined && '--data', values.histories !== undefined && '--histories', values.azureStorage !== undefined && '--azure-storage'].filter(Boolean);
    if (sources.length > 1) throw new VerifyUsageError(`Give one source of histories, not ${sources.join(' and ')}.`);
    if (values.taskHub !== undefined && values.azureStorage === undefined) throw new VerifyUsageError('--task-hub goes with --azure-storage.');
    if (values.histories !== undefined) from = { kind: 'files', location: values.histories };
    else if (values.azureStorage !== undefined) from = { kind: 'taskHub', connectionString: connectionString(values.azureStorage, scriptRoot), hubName: values.taskHub };
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
