import path from 'node:path';
import { ConfigError, applyLocalSettings, loadHostConfig } from '../config/HostConfig';
import { DASHBOARD_PATH } from '../dashboard/DashboardAssets';
import { FunctionHost } from '../FunctionHost';
import type { AzuriteProcess } from '../storage/AzuriteProcess';
import { ensureDevelopmentStorage } from '../storage/DevelopmentStorage';
import { developmentStoragePorts } from '../storage/developmentStorageAccount';
import { stopRequested } from '../lifecycle/stopRequested';
import { StoreInUseError } from '../durable/store/sqlite/HostLock';
import { StoreFileError } from '../durable/store/sqlite/StoreFile';
import { AppLoadError } from '../worker/loadApp';
import type { StartOptions } from './startCommand';
import { AppWatcher } from '../watch/AppWatcher';

/** `durable-host start`: the host in the foreground until SIGINT, SIGTERM or the end of its npm start; 0 stopped, 1 failed to start, 2 bad options. */
export async function runStart(options: StartOptions): Promise<number> {
  const values = {
    'script-root': options.scriptRoot,
    port: options.port,
    host: options.host,
    data: options.data,
    'in-memory': options.inMemory,
    'enable-auth': options.enableAuth,
    'no-azurite': !options.azurite,
    durability: options.durability,
  };
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
  const stop = stopRequested();
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
  const dashboard = `${host.url}/${DASHBOARD_PATH}/${values['enable-auth'] ? ' (add ?code=<durable-task or master key>)' : ''}`;
  process.stdout.write(`\n${host.describeFunctions()}\nDashboard: ${dashboard}\nHost started: ${host.url} (hub ${host.config.hubName}). Press Ctrl+C to stop.\n`);
  const watcher = options.watch
    ? new AppWatcher(
        host,
        { scriptRoot, dataDir: values['in-memory'] ? undefined : path.resolve(values.data ?? path.join(scriptRoot, '.durable')) },
        { info: (line) => void process.stdout.write(`${line}\n`), warn: (line) => void process.stderr.write(`${line}\n`) },
      )
    : undefined;
  watcher?.start();

  const reason = await Promise.race([stop.then((signal) => ({ signal })), host.failed.then((failure) => ({ failure }))]);
  watcher?.stop();
  if ('failure' in reason) process.stderr.write(`\nThe host cannot go on: ${reason.failure}\nStopping the host...\n`);
  else process.stdout.write(`\n${reason.signal}: stopping the host...\n`);
  try {
    await host.stop();
  } catch (error) {
    process.stderr.write(`Error while stopping: ${(error as Error)?.message ?? error}\n`);
  }
  await azurite?.stop();
  process.stdout.write('Host stopped.\n');
  return 'failure' in reason ? 1 : 0;
}

/** Azurite for the development storage account, when nothing listens on its ports yet; undefined otherwise. */
async function startDevelopmentStorage(scriptRoot: string): Promise<AzuriteProcess | undefined> {
  // A folder that is no function app fails here, before anything is started for it.
  loadHostConfig(scriptRoot);
  // local.settings.json may be where AzureWebJobsStorage comes from; applying it twice changes nothing.
  applyLocalSettings(scriptRoot);
  // UseDevelopmentStorage=true, or the emulator's account on ports of its own (when 10000-10002 are taken).
  const ports = developmentStoragePorts(process.env.AzureWebJobsStorage);
  if (!ports) return undefined;
  return ensureDevelopmentStorage({
    location: path.join(scriptRoot, '.azurite'),
    ports,
    log: (level, message) => (level === 'warning' ? process.stderr : process.stdout).write(`${message}\n`),
  });
}
