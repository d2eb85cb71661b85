import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, applyLocalSettings, loadHostConfig } from '../config/HostConfig';
import { DASHBOARD_PATH } from '../dashboard/DashboardAssets';
import { FunctionHost } from '../FunctionHost';
import type { AzuriteProcess } from '../storage/AzuriteProcess';
import { ensureDevelopmentStorage } from '../storage/DevelopmentStorage';
import { isDevelopmentStorage } from '../storage/developmentStorageAccount';
import { AppLoadError } from '../worker/loadApp';
import type { CliContext } from './CliContext';

interface StartOptions {
  scriptRoot?: string;
  port?: string;
  host?: string;
  data?: string;
  inMemory?: boolean;
  enableAuth?: boolean;
  /** false with --no-azurite. */
  azurite: boolean;
}

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command('start')
    .description("runs an Azure Functions (v4 Node) app with Durable Functions on this machine")
    .option('--script-root <dir>', "the function app's folder (default: the current folder)")
    .option('--port <n>', 'the HTTP port (default: 7071)')
    .option('--host <address>', 'the address to listen on (default: 127.0.0.1)')
    .option('--data <dir>', 'where the durable store lives (default: <script-root>/.durable)')
    .option('--in-memory', 'keep durable state in memory only (lost on exit)')
    .option(
      '--enable-auth',
      'check keys as Azure does: authLevel function needs a function key, admin and management routes the master key ' +
        '(x-functions-key header or ?code=); keys come from FUNCTIONS_MASTER_KEY / FUNCTIONS_FUNCTION_KEY or are generated once into <data>/host-keys.json',
    )
    .option(
      '--no-azurite',
      'do not start Azurite when AzureWebJobsStorage is UseDevelopmentStorage=true and nothing listens on its ports ' +
        '(it is started by default, data in <script-root>/.azurite)',
    )
    .action(async (options: StartOptions) => {
      context.exitCode = await runStart(options);
    });
}

async function runStart(options: StartOptions): Promise<number> {
  const values = {
    'script-root': options.scriptRoot,
    port: options.port,
    host: options.host,
    data: options.data,
    'in-memory': options.inMemory,
    'enable-auth': options.enableAuth,
    'no-azurite': !options.azurite,
  };
  const port = values.port === undefined ? 7071 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number (0-65535), not '${values.port}'.\n`);
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
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppLoadError) process.stderr.write(`${error.message}\n`);
    else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') process.stderr.write(`Port ${port} is already in use: stop what listens there or pass --port.\n`);
    else process.stderr.write(`The host failed to start: ${(error as Error)?.stack ?? error}\n`);
    await azurite?.stop();
    return 1;
  }
  if (values['enable-auth']) process.stdout.write('Keys are checked (--enable-auth): see host-keys.json in the data folder, or set FUNCTIONS_MASTER_KEY / FUNCTIONS_FUNCTION_KEY.\n');
  const dashboard = `${host.url}/${DASHBOARD_PATH}/${values['enable-auth'] ? ' (add ?code=<durable-task or master key>)' : ''}`;
  process.stdout.write(`\n${host.describeFunctions()}\nDashboard: ${dashboard}\nHost started: ${host.url} (hub ${host.config.hubName}). Press Ctrl+C to stop.\n`);

  const signal = await stopSignal;
  process.stdout.write(`\n${signal} received: stopping the host...\n`);
  try {
    await host.stop();
  } catch (error) {
    process.stderr.write(`Error while stopping: ${(error as Error)?.message ?? error}\n`);
  }
  await azurite?.stop();
  return 0;
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
