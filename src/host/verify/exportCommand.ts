import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadHostConfig } from '../config/HostConfig';
import { StoreFileError } from '../durable/store/sqlite/StoreFile';
import { formatHistoryFile, writeHistoryFile } from './HistoryFile';
import { historiesFromLocalStore } from './sources/localStore';
import type { CommandOutput } from './verifyCommand';

export const INSTANCES_USAGE = `Usage: durable-host instances export ID... [options]

Writes the history of each instance (its current execution) from the local store as a history file,
the format \`durable-host verify --histories\` reads. Works while a host runs on the store.

Options:
  --script-root DIR   the function app (default: the current folder); host.json names the store
  --data DIR          where the store lives (default: <script-root>/.durable)
  --out PATH          a file (one instance) or a folder (one file per instance); default: standard output
  -h, --help          show this help
`;

const PROCESS_OUTPUT: CommandOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** `durable-host instances export ID...`: returns the exit code (1 when an instance does not exist, 2 for bad arguments). */
export async function instancesCommand(argv: string[], out: CommandOutput = PROCESS_OUTPUT): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'script-root': { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    out.stderr(`${(error as Error).message}\n\n${INSTANCES_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.stdout(INSTANCES_USAGE);
    return 0;
  }
  const [verb, ...ids] = positionals;
  if (verb !== 'export' || ids.length === 0) {
    out.stderr(verb === 'export' ? `Name at least one instance id.\n\n${INSTANCES_USAGE}` : INSTANCES_USAGE);
    return 2;
  }
  const scriptRoot = path.resolve(values['script-root'] ?? process.cwd());
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
