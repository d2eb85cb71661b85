import type { Command } from 'commander';
import type { CliContext } from './CliContext';

export interface StartOptions {
  scriptRoot?: string;
  port?: string;
  host?: string;
  data?: string;
  inMemory?: boolean;
  enableAuth?: boolean;
  durability?: string;
  /** false with --no-azurite. */
  azurite: boolean;
  watch?: boolean;
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
      '--durability <mode>',
      'full (default): every acknowledged change survives a power loss or OS crash; normal: faster commits, but the last moments before a power loss may be lost',
    )
    .option(
      '--no-azurite',
      'do not start Azurite when AzureWebJobsStorage is UseDevelopmentStorage=true and nothing listens on its ports ' +
        '(it is started by default, data in <script-root>/.azurite)',
    )
    .option('--watch', "rebuild on a change to the app's sources (its build script) and load the new code into fresh workers, keeping the port and durable state")
    .action(async (options: StartOptions) => {
      // The host's code loads only for start, so the other commands start fast.
      const { runStart } = await import('./startHost');
      context.exitCode = await runStart(options);
    });
}
