// The module `@azure/functions-core` that the Node worker injects into an app. `@azure/functions`
// requires it lazily; the host serves this file under that name (see requireHook.ts).

export type HookName = 'preInvocation' | 'postInvocation' | 'appStart' | 'appTerminate' | 'log';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HookCallback = (context: any) => void | Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FunctionCallback = (...args: any[]) => unknown;

export interface BindingInfo {
  type: string;
  direction: 'in' | 'out' | 'inout';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [property: string]: any;
}

export interface FunctionMetadata {
  name: string;
  bindings: Record<string, BindingInfo>;
  retryOptions?: unknown;
  [property: string]: unknown;
}

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
  /** The entry file that registered it (set by loadApp). */
  scriptFile?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProgrammingModel = any;

import type { LogLevel } from '../logging/LogLevel';

export type { LogLevel };
export type LogSink = (level: LogLevel, category: string, message: string) => void;

export class Disposable {
  #callOnDispose?: () => unknown;

  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }

  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => disposables.forEach((d) => d.dispose()));
  }

  dispose(): unknown {
    const call = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return call?.();
  }
}

/** What the app has told the worker: its functions, hooks and programming model. */
export interface WorkerState {
  functions: Map<string, RegisteredFunction>;
  hooks: Record<HookName, HookCallback[]>;
  programmingModel?: ProgrammingModel;
  logSink: LogSink;
}

function emptyState(): WorkerState {
  return {
    functions: new Map(),
    hooks: { preInvocation: [], postInvocation: [], appStart: [], appTerminate: [], log: [] },
    programmingModel: undefined,
    logSink: (level, category, message) => console.log(`[${level}] ${category}: ${message}`),
  };
}

let state: WorkerState = emptyState();

export const version = '3.10.1';
export const hostVersion = '4.1040.0';

export function registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
  if (!metadata?.name) throw new Error('A function must have a name to be registered.');
  const key = metadata.name.toLowerCase();
  if (state.functions.has(key)) {
    throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
  }
  const registry = state.functions;
  registry.set(key, { metadata, callback });
  return new Disposable(() => registry.delete(key));
}

export function registerHook(name: HookName, callback: HookCallback): Disposable {
  const list = state.hooks[name];
  if (!list) throw new Error(`"${name}" is not a valid hook name.`);
  list.push(callback);
  return new Disposable(() => {
    const index = list.indexOf(callback);
    if (index >= 0) list.splice(index, 1);
  });
}

export function setProgrammingModel(model: ProgrammingModel): void {
  state.programmingModel = model;
}

export function getProgrammingModel(): ProgrammingModel {
  return state.programmingModel;
}

export function log(level: LogLevel, category: string, message: string): void {
  state.logSink(level, category, message);
}

/** The host's view of the worker state. */
export function workerState(): WorkerState {
  return state;
}

/** Starts an empty registry, so that an app loaded afresh registers into it. */
export function resetWorkerState(logSink?: LogSink): WorkerState {
  // @azure/functions sets its programming model once per process; it holds no state of its own.
  const programmingModel = state.programmingModel;
  state = emptyState();
  state.programmingModel = programmingModel;
  if (logSink) state.logSink = logSink;
  return state;
}
