import { type Command, Option } from 'commander';
import { type CliContext, EXIT_REFUSED, EXIT_USAGE } from './CliContext';
import { ApiError, ManagementClient, UnreachableError } from './ManagementClient';
import { appUrl } from './optionValues';

export const DEFAULT_APP_URL = 'http://127.0.0.1:7071';
/** The environment variable a key can come from instead of --key. */
export const KEY_VARIABLE = 'DURABLE_HOST_KEY';

export interface ApiOptions {
  url: string;
  key?: string;
  json?: boolean;
}

/** What an API command's action gets: the client, its options, where to write. */
export interface ApiCall<O> {
  client: ManagementClient;
  options: O & ApiOptions;
  print(text: string): void;
  /** Prints `value` as JSON when --json was given; returns whether it did. */
  printJson(value: unknown): boolean;
  /** A bad combination of arguments: the message and the command's usage, exit code 2. */
  usageError(message: string): never;
}

/** The options every management command takes: --url, --key (or DURABLE_HOST_KEY) and --json. */
export function withApiOptions(command: Command, json = true): Command {
  command
    .option('--url <url>', 'the Function App to talk to', appUrl, DEFAULT_APP_URL)
    .addOption(new Option('--key <key>', 'the durable-task key (or master key), sent as x-functions-key').env(KEY_VARIABLE));
  if (json) command.option('--json', 'machine-readable output (JSON) instead of tables');
  return command;
}

/**
 * Wraps a command's action: builds the client from its options and turns what the API refuses (an
 * error status, nothing listening) into a message on stderr and exit code 1.
 */
export function apiAction<O, A extends unknown[]>(context: CliContext, run: (call: ApiCall<O>, ...args: A) => Promise<void>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const args = received.slice(0, -2) as A;
    const options = command.opts<O & ApiOptions>();
    const call: ApiCall<O> = {
      client: new ManagementClient(options.url, options.key),
      options,
      print: (text) => void context.stdout.write(text),
      printJson: (value) => {
        if (!options.json) return false;
        context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
        return true;
      },
      usageError: (message) => command.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: 'durable-host.usage' }),
    };
    try {
      await run(call, ...args);
    } catch (error) {
      if (error instanceof ApiError || error instanceof UnreachableError) {
        context.stderr.write(`error: ${error.message}\n`);
        context.exitCode = EXIT_REFUSED;
        return;
      }
      throw error;
    }
  };
}
