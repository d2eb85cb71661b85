import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostLogger, LogLevels } from '../../logging/HostLogger';
import { AppFunctions, type TriggeredFunction } from '../AppFunctions';
import type { FunctionMetadata } from '../functionsCore';
import { InvocationLog } from '../InvocationLog';
import { type FunctionFailure, InvocationFailure, type InvocationRequest, type InvocationResponse, type Invoker } from '../Invoker';
import { AppLoadError } from '../loadApp';
import type { LoadedApp } from '../LoadedApp';
import type { HostToWorker, WorkerInit, WorkerToHost } from './messages';

export interface WorkerPoolOptions {
  /** How many workers (FUNCTIONS_WORKER_PROCESS_COUNT). */
  count: number;
  entryFiles: string[];
  logger: HostLogger;
  logLevels: LogLevels;
  /** host.json `functionTimeout` in ms; undefined: unbounded. */
  functionTimeoutMs?: number;
}

/** How long a worker may take to answer a ping after a timeout before it counts as stuck and is replaced. */
const PING_GRACE_MS = 2_000;
const TERMINATE_GRACE_MS = 2_000;
// A worker's short-lived objects get 8 MiB before a scavenge (V8 lets a thread's grow to tens): the
// invocations' garbage is collected young and the host's memory stays near what it uses.
const WORKER_YOUNG_GENERATION_MB = 8;

interface Pending {
  fn: TriggeredFunction;
  invocationId: string;
  resolve: (response: InvocationResponse) => void;
  reject: (failure: InvocationFailure) => void;
  timer?: NodeJS.Timeout;
}

/** `5000` as `00:00:05`: how the Functions host writes a TimeSpan in its messages. */
export function formatTimeSpan(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(seconds / 86_400);
  const clock = `${pad(Math.floor((seconds % 86_400) / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  return days ? `${days}.${clock}` : clock;
}

/** The compiled worker entry: beside this file once built; from `dist/` when the host runs from its TypeScript sources (tests). */
function workerScript(): string {
  const beside = path.join(__dirname, 'workerMain.js');
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'src', 'host', 'worker', 'pool', 'workerMain.js');
  if (fs.existsSync(built)) return built;
  throw new AppLoadError(`The worker entry is not built (${beside}): run npm run build.`);
}

function failure(message: string, errorType = 'WorkerException'): FunctionFailure {
  return { errorType, message, stack: '' };
}

/** One worker thread with the app loaded in it, and the invocations it runs. */
class AppWorker {
  readonly worker: Worker;
  readonly inFlight = new Map<number, Pending>();
  readonly loaded: Promise<FunctionMetadata[]>;
  private readonly pings = new Map<number, () => void>();
  private terminatedAck?: () => void;
  ready = false;
  gone = false;
  /** In HTTP stream mode: the library's HTTP proxy in this worker. */
  httpUri?: string;
  /** An invocation on it ran past the timeout and it has not answered since: nothing new is sent to it. */
  suspect = false;

  constructor(
    readonly index: number,
    init: WorkerInit,
    private readonly logger: HostLogger,
    private readonly onGone: (worker: AppWorker, reason: string) => void,
  ) {
    this.worker = new Worker(workerScript(), { workerData: init, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    let settle: { resolve: (f: FunctionMetadata[]) => void; reject: (e: Error) => void };
    this.loaded = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.worker.on('message', (message: WorkerToHost) => {
      switch (message.type) {
        case 'loaded':
          this.ready = true;
          this.httpUri = message.httpUri;
          settle.resolve(message.functions);
          return;
        case 'loadFailed':
          settle.reject(new AppLoadError(message.message));
          return;
        case 'log':
          this.logger.writeLine(message.line);
          return;
        case 'response':
          this.settle(message.id)?.resolve(message.response);
          return;
        case 'failure':
          this.settle(message.id)?.reject(new InvocationFailure(message.failure));
          return;
        case 'pong':
          this.pings.get(message.id)?.();
          return;
        case 'terminated':
          this.terminatedAck?.();
          return;
      }
    });
    this.worker.on('error', (error) => {
      settle.reject(new AppLoadError(`The worker failed while loading the app: ${error.stack ?? error.message}`));
      this.logger.error('Host.Worker', `Worker ${this.index} failed: ${error.stack ?? error.message}`);
    });
    this.worker.on('exit', (code) => {
      settle.reject(new AppLoadError(`The worker exited (code ${code}) while loading the app.`));
      this.gone = true;
      this.onGone(this, `the worker exited (code ${code})`);
    });
  }

  post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }

  /** Takes an invocation off the books: its answer, or its timeout, settles it once. */
  settle(id: number): Pending | undefined {
    const pending = this.inFlight.get(id);
    if (!pending) return undefined;
    this.inFlight.delete(id);
    if (pending.timer) clearTimeout(pending.timer);
    return pending;
  }

  /** Whether the worker's event loop answers within `ms`: a worker stuck in synchronous code does not. */
  answers(ms: number): Promise<boolean> {
    if (this.gone) return Promise.resolve(false);
    const id = Math.random();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        resolve(false);
      }, ms);
      timer.unref();
      this.pings.set(id, () => {
        clearTimeout(timer);
        this.pings.delete(id);
        resolve(true);
      });
      this.post({ type: 'ping', id });
    });
  }

  /** Runs the app's appTerminate hooks (briefly), then ends the thread. */
  async shutdown(): Promise<void> {
    if (this.gone) return;
    if (this.ready) {
      const acknowledged = new Promise<void>((resolve) => (this.terminatedAck = resolve));
      this.post({ type: 'terminate' });
      await Promise.race([acknowledged, new Promise((r) => setTimeout(r, TERMINATE_GRACE_MS).unref())]);
    }
    await this.worker.terminate();
  }
}

/**
 * Runs the app in worker threads, apart from the host, as the Functions host runs the Node language
 * worker: each worker loads the app; invocations go to the least busy one as messages; an invocation
 * past `functionTimeout` fails, and a worker stuck in synchronous code is ended and replaced.
 */
export class WorkerPool implements Invoker, LoadedApp {
  private readonly workers: AppWorker[] = [];
  private readonly log: InvocationLog;
  private nextId = 1;
  private stopping = false;
  private loadFailures = 0;
  private env: Record<string, string>;

  private constructor(
    private readonly options: WorkerPoolOptions,
    readonly functions: AppFunctions,
  ) {
    this.log = new InvocationLog(options.logger);
    this.env = snapshotEnv();
  }

  /** Starts the workers and waits until each has loaded the app; an app that fails to load fails the start. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const placeholder = new AppFunctions([]);
    const pool = new WorkerPool(options, placeholder);
    for (let i = 0; i < options.count; i++) pool.workers.push(pool.spawn(i));
    let metadata: FunctionMetadata[];
    try {
      [metadata] = await Promise.all(pool.workers.map((w) => w.loaded));
    } catch (error) {
      await pool.stop(0);
      throw error;
    }
    return pool.withFunctions(new AppFunctions(metadata.map((m) => ({ metadata: m }))));
  }

  get invoker(): Invoker {
    return this;
  }

  get streaming(): boolean {
    return this.workers.some((w) => w.httpUri !== undefined);
  }

  /** The workers ran the app's appStart hooks when they loaded it. */
  async started(): Promise<void> {}

  get size(): number {
    return this.workers.length;
  }

  /** Sets environment variables in every worker (and in the ones that replace them). */
  setEnv(values: Record<string, string>): void {
    Object.assign(this.env, values);
    for (const w of this.workers) if (!w.gone) w.post({ type: 'env', values });
  }

  invoke(fn: TriggeredFunction, request: InvocationRequest): Promise<InvocationResponse> {
    return this.run(fn, request);
  }

  invokeStreaming(fn: TriggeredFunction, request: InvocationRequest, attach: (proxyUri: string) => void): Promise<InvocationResponse> {
    return this.run(fn, request, (worker) => {
      if (!worker.httpUri) throw new InvocationFailure(failure('The app does not run HTTP functions in stream mode.'));
      attach(worker.httpUri);
    });
  }

  private run(fn: TriggeredFunction, request: InvocationRequest, dispatched?: (worker: AppWorker) => void): Promise<InvocationResponse> {
    const invocationId = request.invocationId ?? randomUUID();
    const done = this.log.begin(fn, request, invocationId);
    return this.dispatch(fn, request, invocationId, dispatched).then(
      (response) => {
        done();
        return response;
      },
      (error: InvocationFailure) => {
        done(error);
        throw error;
      },
    );
  }

  /** Lets in-flight invocations finish for up to `graceMs`, then ends the workers; what is left fails as a shutdown. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + graceMs;
    while (this.workers.some((w) => w.inFlight.size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(this.workers.map((w) => w.shutdown()));
    for (const w of this.workers) this.failAll(w, 'shutdown', 'The host is stopping.');
  }

  private withFunctions(functions: AppFunctions): WorkerPool {
    (this as { functions: AppFunctions }).functions = functions;
    return this;
  }

  private spawn(index: number): AppWorker {
    const init: WorkerInit = { entryFiles: this.options.entryFiles, logLevels: this.options.logLevels, env: this.env };
    return new AppWorker(index, init, this.options.logger, (worker, reason) => this.replace(worker, reason));
  }

  private async dispatch(fn: TriggeredFunction, request: InvocationRequest, invocationId: string, dispatched?: (worker: AppWorker) => void): Promise<InvocationResponse> {
    if (this.stopping) throw new InvocationFailure(failure('The host is stopping.'), 'shutdown');
    let worker = this.pick();
    while (!worker) {
      // Every worker is stuck or being replaced: wait until one answers or has loaded the app again.
      await new Promise((r) => setTimeout(r, 20));
      if (this.stopping) throw new InvocationFailure(failure('The host is stopping.'), 'shutdown');
      worker = this.pick();
    }
    const target = worker;
    const id = this.nextId++;
    return new Promise<InvocationResponse>((resolve, reject) => {
      const pending: Pending = { fn, invocationId, resolve, reject };
      const timeout = this.options.functionTimeoutMs;
      if (timeout !== undefined) {
        pending.timer = setTimeout(() => this.timedOut(target, id, timeout), timeout);
        pending.timer.unref();
      }
      target.inFlight.set(id, pending);
      target.post({ type: 'invoke', id, functionName: fn.name, invocationId, request });
      try {
        dispatched?.(target);
      } catch (error) {
        target.settle(id);
        reject(error);
      }
    });
  }

  private pick(): AppWorker | undefined {
    let best: AppWorker | undefined;
    for (const w of this.workers) if (w.ready && !w.gone && !w.suspect && (!best || w.inFlight.size < best.inFlight.size)) best = w;
    return best;
  }

  /** The invocation fails now and frees its slot; if the worker does not answer either, it is stuck and is replaced. */
  private timedOut(worker: AppWorker, id: number, timeoutMs: number): void {
    const pending = worker.settle(id);
    if (!pending) return;
    const name = pending.fn.name;
    const message = `Timeout value of ${formatTimeSpan(timeoutMs)} exceeded by function 'Functions.${name}' (Id: '${pending.invocationId}'). Initiating cancellation.`;
    pending.reject(new InvocationFailure(failure(message, 'FunctionTimeoutException'), 'timeout'));
    worker.suspect = true;
    void worker.answers(PING_GRACE_MS).then((alive) => {
      if (alive) worker.suspect = false;
      if (alive || worker.gone || this.stopping) return;
      this.options.logger.error(
        'Host.Worker',
        `Worker ${worker.index} does not answer after 'Functions.${name}' (Id: '${pending.invocationId}') ran past its timeout: it is stuck in synchronous code. Ending it and starting a new one.`,
      );
      this.failAll(worker, 'worker', `The worker running this invocation was ended: 'Functions.${name}' (Id: '${pending.invocationId}') ran past functionTimeout (${formatTimeSpan(timeoutMs)}) in synchronous code and kept the worker from answering.`);
      void worker.worker.terminate();
    });
  }

  private failAll(worker: AppWorker, reason: 'worker' | 'shutdown', message: string): void {
    for (const id of [...worker.inFlight.keys()]) worker.settle(id)?.reject(new InvocationFailure(failure(message), reason));
  }

  /** A worker ended (stuck and terminated, or crashed): what it ran fails, and a new one loads the app. */
  private replace(worker: AppWorker, reason: string): void {
    const slot = this.workers.indexOf(worker);
    if (slot < 0) return;
    this.failAll(worker, this.stopping ? 'shutdown' : 'worker', this.stopping ? 'The host is stopping.' : `The worker running this invocation ended: ${reason}.`);
    if (this.stopping) return;
    // A worker that could not even load the app is retried with growing waits, not in a tight loop.
    const delay = worker.ready ? 0 : Math.min(30_000, 1000 * 2 ** Math.min(this.loadFailures++, 5));
    const respawn = () => {
      if (this.stopping) return;
      const fresh = this.spawn(worker.index);
      this.workers[slot] = fresh;
      fresh.loaded.then(
        () => {
          this.loadFailures = 0;
          this.options.logger.log('information', 'Host.Worker', `Worker ${worker.index} was replaced (${reason}); the new one has loaded the app.`);
        },
        (error) => this.options.logger.error('Host.Worker', `The worker that replaces worker ${worker.index} could not load the app: ${(error as Error).message}`),
      );
    };
    if (delay) setTimeout(respawn, delay).unref();
    else respawn();
  }
}

function snapshotEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return env;
}
