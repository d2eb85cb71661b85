#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, applyLocalSettings, loadHostConfig } from './config/HostConfig';
import { FunctionHost } from './FunctionHost';
import type { AzuriteProcess } from './storage/AzuriteProcess';
import { ensureDevelopmentStorage } from './storage/DevelopmentStorage';
import { isDevelopmentStorage } from './storage/developmentStorageAccount';
import { AppLoadError } from './worker/loadApp';
import { StoreInUseError } from './durable/store/sqlite/HostLock';
import { StoreFileError } from './durable/store/sqlite/StoreFile';

const USAGE = `Usage: durable-host start [options]

Runs an Azure Functions (v4 Node) app with Durable Functions on this machine.

Options:
  --script-root DIR   the function app's folder (default: the current folder)
  --port N            the HTTP port (default: 7071)
  --host ADDRESS      the address to listen on (default: 127.0.0.1)
  --data DIR          where the durable store lives (default: <script-root>/.durable)
  --in-memory         keep durable state in memory only (lost on exit)
  --durability MODE   full (default): every acknowledged change survives a power loss or OS crash;
                      normal: faster commits, but the last moments before a power loss may be lost
  --enable-auth       check keys as Azure does: authLevel function needs a function key, admin and management
                      routes the master key (x-functions-key header or ?code=); keys come from
                      FUNCTIONS_MASTER_KEY / FUNCTIONS_FUNCTION_KEY or are generated once into <data>/host-keys.json
  --no-azurite        do not start Azurite when AzureWebJobsStorage is UseDevelopmentStorage=true
                      and nothing listens on its ports (it is started by default, data in <script-root>/.azurite)
  -h, --help          show this help
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'script-root': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'in-memory': { type: 'boolean' },
        durability: { type: 'string' },
        'enable-auth': { type: 'boolean' },
        'no-azurite': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals[0] !== 'start' || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const port = values.port === undefined ? 7071 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number (0-65535), not '${values.port}'.\n`);
    return 2;
  }

  const durability = values.durability ?? 'full';
  if (durability !== 'full' && durability !== 'normal') {
    process.stderr.write(`--durability must be full or normal, not '${values.durability}'.\n`);
    return 2;
  }

  const scriptRoot = path.resolve(values['script-root'] ?? process.cwd());
  // Listening from the start, so that a signal during start-up (or just after it) still stops what was started.
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  let azurite: AzuriteProcess | undefined;
  let host: FunctionHost;
  try {
    azurite = values['no-azurite'] ? undefined : await startDevelopmentStorage(scriptRoot);
    host = await FunctionHost.start({
      scriptRoot,
      port,
      hostname: values.host,
      dataDir: values.data,
      inMemory: values['in-memory'],
      enableAuth: values['enable-auth'],
      durability,
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppLoadError || error instanceof StoreInUseError || error instanceof StoreFileError) {
      process.stderr.write(`${error.message}\n`);
    } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      process.stderr.write(`Port ${port} is already in use by another program. Stop it, or pass --port to use another port.\n`);
    }
    else process.stderr.write(`The host failed to start: ${(error as Error)?.stack ?? error}\n`);
    await azurite?.stop();
    return 1;
  }
  if (values['enable-auth']) process.stdout.write('Keys are checked (--enable-auth): see host-keys.json in the data folder, or set FUNCTIONS_MASTER_KEY / FUNCTIONS_FUNCTION_KEY.\n');
  process.stdout.write(`\n${host.describeFunctions()}\nHost started: ${host.url} (hub ${host.config.hubName}). Press Ctrl+C to stop.\n`);

  const reason = await Promise.race([stopSignal.then((signal) => ({ signal })), host.failed.then((failure) => ({ failure }))]);
  if ('failure' in reason) process.stderr.write(`\nThe host cannot go on: ${reason.failure}\nStopping the host...\n`);
  else process.stdout.write(`\n${reason.signal} received: stopping the host...\n`);
  try {
    await host.stop();
  } catch (error) {
    process.stderr.write(`Error while stopping: ${(error as Error)?.message ?? error}\n`);
  }
  await azurite?.stop();
  return 'failure' in reason ? 1 : 0;
}

/** Azurite for `UseDevelopmentStorage=true`, when nothing listens on its ports yet; undefined otherwise. */
async function startDevelopmentStorage(scriptRoot: string): Promise<AzuriteProcess | undefined> {
  // A folder that is no function app fails here, before anything is started for it.
  loadHostConfig(scriptRoot);
  // local.settings.json may be where AzureWebJobsStorage comes from; applying it twice changes nothing.
  applyLocalSettings(scriptRoot);
  if (!isDevelopmentStorage(process.env.AzureWebJobsStorage)) return undefined;
  return ensureDevelopmentStorage({
    location: path.join(scriptRoot, '.azurite'),
    log: (level, message) => (level === 'warning' ? process.stderr : process.stdout).write(`${message}\n`),
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
