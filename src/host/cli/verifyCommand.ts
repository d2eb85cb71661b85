import type { Command } from 'commander';
import { exportInstances } from '../verify/exportCommand';
import { runVerifyCommand } from '../verify/verifyCommand';
import type { CliContext } from './CliContext';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function output(context: CliContext) {
  return { stdout: (text: string) => void context.stdout.write(text), stderr: (text: string) => void context.stderr.write(text) };
}

/** `durable-host verify`: replays stored histories against the current build (src/host/verify). */
export function registerVerifyCommand(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description(
      "replay stored orchestration histories against the app's current build, without running any activity; " +
        'report per instance ok or the first divergence (position, what the history holds, what the code does now, the source line)',
    )
    .option('--script-root <dir>', 'the function app, built (default: the current folder)')
    .option('--data <dir>', 'histories from the local store here (default: <script-root>/.durable)')
    .option('--histories <path>', 'histories from history files: a folder of .json files, or one file')
    .option('--azure-storage <connection>', 'histories from a task hub on the Azure Storage provider: a connection string, or the app setting that holds one')
    .option('--task-hub <name>', 'the task hub (default: host.json extensions.durableTask.hubName)')
    .option('--instance <id>', 'only this instance (repeatable)', collect)
    .option('--status <statuses>', 'only instances in these statuses (default for a store or task hub: Running,Pending,Suspended; for files: all)')
    .option('--json', 'the report as JSON')
    .addHelpText('after', '\nExit code: 0 every instance replays, 1 any diverges (or could not be replayed), 2 bad arguments.')
    .action(async (options) => {
      context.exitCode = await runVerifyCommand(options, output(context));
    });
}

/** `durable-host instances export ID...`: history files from the local store. */
export function registerExportCommand(program: Command, context: CliContext): void {
  const instances = program.commands.find((c) => c.name() === 'instances');
  if (!instances) throw new Error('register the instances command first');
  instances
    .command('export')
    .description('write the history of each instance (its current execution) from the local store as a history file, the format verify --histories reads')
    .argument('<ids...>', 'the instance ids')
    .option('--script-root <dir>', 'the function app (default: the current folder); host.json names the store')
    .option('--data <dir>', 'where the store lives (default: <script-root>/.durable)')
    .option('--out <path>', 'a file (one instance) or a folder (one file per instance); default: standard output')
    .action(async (ids: string[], options) => {
      context.exitCode = await exportInstances(ids, options, output(context));
    });
}
