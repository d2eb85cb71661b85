// The entry of a worker thread: loads the app, as the Node language worker does, and runs the
// invocations the host sends it. Nothing of the host's engine, store or HTTP listener is here.
import { parentPort, workerData } from 'node:worker_threads';
import { HostLogger } from '../../logging/HostLogger';
import { type RegisteredFunction, workerState } from '../functionsCore';
import { runInvocation } from '../InvocationRunner';
import { InvocationFailure, describeThrown } from '../Invoker';
import { loadApp } from '../loadApp';
import type { HostToWorker, WorkerInit, WorkerToHost } from './messages';
import { releasedLargeText } from '../../memory/LargeGarbage';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: WorkerToHost) => port.postMessage(message);
// Lines are filtered here by host.json's levels, so only what is shown crosses to the host.
const logger = new HostLogger(init.logLevels, (line) => post({ type: 'log', line }));

for (const [name, value] of Object.entries(init.env)) process.env[name] = value;

// A promise the app forgot to handle is logged, as the Node worker logs it, and the worker goes on.
process.on('unhandledRejection', (reason) => {
  logger.error('Host.Worker', `Unhandled promise rejection in the app: ${describeThrown(reason).stack || describeThrown(reason).message}`);
});

/** Posts a message, or a failure when the function's result cannot be cloned to the host. */
function reply(id: number, message: WorkerToHost): void {
  try {
    port.postMessage(message);
  } catch (error) {
    post({ type: 'failure', id, failure: describeThrown(new Error(`The function's result cannot be sent to the host: ${(error as Error)?.message ?? error}`)) });
  }
}

async function main(): Promise<void> {
  let functions: Map<string, RegisteredFunction>;
  try {
    await loadApp(init.entryFiles, (level, category, message) => logger.log(level, category === 'system' ? 'Host.Worker' : category, message));
    functions = workerState().functions;
    for (const hook of workerState().hooks.appStart) await hook({ hookData: {}, appHookData: {} });
  } catch (error) {
    post({ type: 'loadFailed', message: (error as Error)?.message ?? String(error) });
    return;
  }
  // Metadata crosses as plain data: whatever the library put on it that cannot be cloned stays here.
  post({ type: 'loaded', functions: [...functions.values()].map((fn) => JSON.parse(JSON.stringify(fn.metadata))) });

  port.on('message', (message: HostToWorker) => {
    switch (message.type) {
      case 'invoke':
        void invoke(functions.get(message.functionName.toLowerCase()), message);
        return;
      case 'ping':
        post({ type: 'pong', id: message.id });
        return;
      case 'env':
        for (const [name, value] of Object.entries(message.values)) process.env[name] = value;
        return;
      case 'terminate':
        void terminate();
        return;
    }
  });
}

async function invoke(fn: RegisteredFunction | undefined, message: Extract<HostToWorker, { type: 'invoke' }>): Promise<void> {
  if (!fn) {
    post({ type: 'failure', id: message.id, failure: describeThrown(new Error(`The worker has no function '${message.functionName}'.`)) });
    return;
  }
  try {
    const response = await runInvocation(workerState(), fn, message.request, message.invocationId, (level, category, text) => logger.log(level, category, text));
    reply(message.id, { type: 'response', id: message.id, response });
    releasedLargeText(3 * (textSize(message.request.inputData) + textSize(response.returnValue)));
  } catch (error) {
    reply(message.id, { type: 'failure', id: message.id, failure: error instanceof InvocationFailure ? error.failure : describeThrown(error) });
  }
}

/** About how much text a piece of typed data holds (its JSON or string), without walking it twice. */
function textSize(data: unknown): number {
  if (!data) return 0;
  if (Array.isArray(data)) return data.reduce((sum: number, d: { data?: unknown }) => sum + textSize(d.data), 0);
  const typed = data as { json?: string | null; string?: string | null; bytes?: Uint8Array | null };
  return (typed.json?.length ?? 0) + (typed.string?.length ?? 0) + (typed.bytes?.length ?? 0);
}

async function terminate(): Promise<void> {
  for (const hook of workerState().hooks.appTerminate) {
    try {
      await hook({ hookData: {}, appHookData: {} });
    } catch (error) {
      logger.error('Host.Worker', `appTerminate hook failed: ${(error as Error)?.message ?? error}`);
    }
  }
  post({ type: 'terminated' });
}

void main();
