import { Command, CommanderError } from 'commander';
import { type CliContext, EXIT_USAGE } from './CliContext';
import { registerDashboardCommand } from './dashboardCommand';
import { registerEntitiesCommand } from './entitiesCommand';
import { registerInstancesCommand } from './instancesCommand';
import { registerStartCommand } from './startCommand';
import { registerExportCommand, registerVerifyCommand } from './verifyCommand';

/** The `durable-host` command: one register function per command group (a new subcommand is one more line). */
export function createProgram(context: CliContext): Command {
  const program = new Command('durable-host')
    .description('Runs an Azure Functions (v4 Node) app with Durable Functions on this machine, and shows and steers its instances.')
    // Settings set here are inherited by every subcommand made with .command().
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => void context.stdout.write(text), writeErr: (text) => void context.stderr.write(text) })
    .helpCommand(false);
  registerStartCommand(program, context);
  registerInstancesCommand(program, context);
  registerEntitiesCommand(program, context);
  registerDashboardCommand(program, context);
  registerVerifyCommand(program, context);
  registerExportCommand(program, context);
  return program;
}

/** Runs `durable-host` with these arguments; the exit code: 0 done, 1 not found or refused, 2 bad arguments. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const program = createProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end with 0; every other complaint of the parser is a usage error.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  return context.exitCode;
}
