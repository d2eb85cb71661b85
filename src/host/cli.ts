#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from './config/HostConfig';
import { FunctionHost } from './FunctionHost';
import { AppLoadError } from './worker/loadApp';

const USAGE = `Usage: durable-host start [options]

Runs an Azure Functions (v4 Node) app with Durable Functions on this machine.

Options:
  --script-root DIR   the function app's folder (default: the current folder)
  --port N            the HTTP port (default: 7071)
  --host ADDRESS      the address to listen on (default: 127.0.0.1)
  --data DIR          where the durable store lives (default: <script-root>/.durable)
  --in-memory         keep durable state in memory only (lost on exit)
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

  let host: FunctionHost;
  try {
    host = await FunctionHost.start({
      scriptRoot: values['script-root'] ?? process.cwd(),
      port,
      hostname: values.host,
      dataDir: values.data,
      inMemory: values['in-memory'],
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppLoadError) process.stderr.write(`${error.message}\n`);
    else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') process.stderr.write(`Port ${port} is already in use: stop what listens there or pass --port.\n`);
    else process.stderr.write(`The host failed to start: ${(error as Error)?.stack ?? error}\n`);
    return 1;
  }
  process.stdout.write(`\n${host.describeFunctions()}\nHost started: ${host.url} (hub ${host.config.hubName}). Press Ctrl+C to stop.\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal} received: stopping the host...\n`);
      host.stop().then(resolve, (error) => {
        process.stderr.write(`Error while stopping: ${(error as Error)?.message ?? error}\n`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
