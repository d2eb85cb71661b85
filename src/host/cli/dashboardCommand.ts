import type { Command } from 'commander';
import { DashboardProxy } from '../dashboard/DashboardProxy';
import { type ApiOptions, withApiOptions } from './apiCommand';
import { type CliContext, EXIT_REFUSED } from './CliContext';
import { ApiError, ManagementClient, UnreachableError } from './ManagementClient';
import { portNumber } from './optionValues';

export const DEFAULT_DASHBOARD_PORT = 7072;

interface DashboardOptions extends ApiOptions {
  port: number;
  host: string;
}

export function registerDashboardCommand(program: Command, context: CliContext): void {
  withApiOptions(
    program
      .command('dashboard')
      .description("serves the dashboard for an app anywhere (a deployed Function App too) on this machine; it forwards the page's calls with the key")
      .option('--port <n>', 'the local port (0 picks a free one)', portNumber, DEFAULT_DASHBOARD_PORT)
      .option('--host <address>', 'the local address to listen on', '127.0.0.1'),
    false,
  ).action(async (options: DashboardOptions) => {
    context.exitCode = await runDashboard(options, context);
  });
}

async function runDashboard(options: DashboardOptions, context: CliContext): Promise<number> {
  // A wrong key or address is said now, not in the browser later.
  try {
    await new ManagementClient(options.url, options.key).queryInstances({}, 1);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof UnreachableError)) throw error;
    if (error instanceof UnreachableError || error.status === 401 || error.status === 403) {
      context.stderr.write(`error: ${error.message}\n`);
      return EXIT_REFUSED;
    }
  }
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  let proxy: DashboardProxy;
  try {
    proxy = await DashboardProxy.start({ target: options.url, key: options.key, port: options.port, hostname: options.host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    context.stderr.write(`error: Port ${options.port} is already in use: stop what listens there or pass --port.\n`);
    return EXIT_REFUSED;
  }
  context.stdout.write(`Dashboard for ${options.url}: ${proxy.dashboardUrl}\nPress Ctrl+C to stop.\n`);
  const signal = await stopSignal;
  context.stdout.write(`\n${signal} received: stopping the dashboard...\n`);
  await proxy.close();
  return 0;
}
