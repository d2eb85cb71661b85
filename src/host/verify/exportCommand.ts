import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadHostConfig } from '../config/HostConfig';
import { StoreFileError } from '../durable/store/sqlite/StoreFile';
import { formatHistoryFile, writeHistoryFile } from './HistoryFile';
import { historiesFromLocalStore } from './sources/localStore';
import type { CommandOutput } from './verifyCommand';

const PROCESS_OUTPUT: CommandOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export interface ExportValues {
  scriptRoot?: string;
  data?: string;
  out?: string;
}

/** `durable-host instances export ID...`: returns the exit code (1 when an instance does not exist, 2 for bad arguments). */
export async function exportInstances(ids: string[], values: ExportValues, out: CommandOutput = PROCESS_OUTPUT): Promise<number> {
  const scriptRoot = path.resolve(values.scriptRoot ?? process.cwd());
  let histories;
  try {
    const file = path.join(path.resolve(values.data ?? path.join(scriptRoot, '.durable')), `${loadHostConfig(scriptRoot).hubName}.sqlite`);
    histories = historiesFromLocalStore(file, { instanceIds: ids });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreFileError) {
      out.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const found = new Map(histories.flatMap((h) => (h.error === undefined ? [[h.file.instanceId, h.file] as const] : [])));
  const missing = ids.filter((id) => !found.has(id));
  const target = values.out;
  const intoFolder = target !== undefined && (ids.length > 1 || (fs.existsSync(target) && fs.statSync(target).isDirectory()) || target.endsWith(path.sep) || target.endsWith('/'));
  for (const id of ids) {
    const file = found.get(id);
    if (!file) continue;
    if (target === undefined) out.stdout(formatHistoryFile(file));
    else if (intoFolder) out.stderr(`Wrote ${writeHistoryFile(target, file)}\n`);
    else {
      fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      fs.writeFileSync(target, formatHistoryFile(file));
      out.stderr(`Wrote ${target}\n`);
    }
  }
  for (const id of missing) out.stderr(`No instance with ID '${id}' in the store.\n`);
  return missing.length ? 1 : 0;
}
