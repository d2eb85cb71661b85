import type { TriggeredFunction } from './AppFunctions';
import type { TypedData } from './typedData';

export interface InvocationRequest {
  inputData: { name: string; data?: TypedData }[];
  triggerMetadata?: Record<string, TypedData>;
  /** Why the function runs, for the `Executing` log line; by default what `func start` says for its trigger. */
  reason?: string;
  /** The invocation's W3C trace context, as the Functions host passes it; @azure/functions puts it in `context.traceContext`. */
  traceContext?: InvocationTraceContext;
  /**
   * Record where an orchestrator makes each durable call (a stack per call, mapped to the app's source).
   * Costly, so asked for only to name the line of a non-deterministic call; see durableCallSites.ts.
   */
  captureCallSites?: boolean;
  /** The invocation's id, when the caller needs to know it first (an HTTP stream is matched to its invocation by it). */
  invocationId?: string;
}

export interface InvocationTraceContext {
  traceParent: string;
  traceState?: string;
  attributes?: Record<string, string>;
}

export interface InvocationResponse {
  invocationId: string;
  returnValue?: TypedData | null;
  outputData?: { name: string; data: TypedData }[];
  /** With `captureCallSites`: the orchestrator's durable calls in the order it made them; each action's `callSite` is an index here. */
  callSites?: CapturedCall[];
}

/** A position in the app's source: the original file when the app has source maps, else the file that ran. */
export interface SourceFrame {
  file: string;
  line: number;
  column: number;
}

/** One durable call an orchestrator made (callActivity, createTimer, ...), with where it made it. */
export interface CapturedCall {
  method: string;
  /** The frame to show: the innermost one in the orchestrator's own folder, else the innermost outside node_modules. */
  at?: SourceFrame;
  /** The app's frames of the call (outside node_modules and Node itself), innermost first. */
  frames: SourceFrame[];
}

/** What a failed invocation threw, as data that can cross to the host from wherever the function ran. */
export interface FunctionFailure {
  /** The thrown value's class name (`Error`, `TypeError`, ...), or what it was when it was no Error. */
  errorType: string;
  message: string;
  stack: string;
  /** With `captureCallSites`: the durable calls the orchestrator made before it failed. */
  callSites?: CapturedCall[];
}

/**
 * A function failed: it threw or rejected (with any value), ran past its timeout, or its worker
 * ended under it. `shutdown`: the host is stopping, so the invocation did not really run (its work
 * is not recorded as failed; it runs again after the next start).
 */
export class InvocationFailure extends Error {
  constructor(
    readonly failure: FunctionFailure,
    readonly reason: 'threw' | 'timeout' | 'worker' | 'shutdown' = 'threw',
  ) {
    super(failure.message);
    this.name = 'InvocationFailure';
    this.stack = failure.stack || `${failure.errorType}: ${failure.message}`;
  }
}

/** Invokes a function of the app, wherever it runs (in this process, or in a worker). */
export interface Invoker {
  invoke(fn: TriggeredFunction, request: InvocationRequest): Promise<InvocationResponse>;
  /**
   * For an app in HTTP stream mode (`app.setup({ enableHttpStream: true })`): invokes an HTTP function
   * and hands `attach` the address of the HTTP proxy the library runs where the invocation runs, so
   * the caller forwards the request there and streams the answer back. Undefined when the app does
   * not stream.
   */
  invokeStreaming?(fn: TriggeredFunction, request: InvocationRequest, attach: (proxyUri: string) => void): Promise<InvocationResponse>;
}

/** Describes any thrown value, `undefined`, `null` and non-Errors included, as a failure. */
export function describeThrown(value: unknown): FunctionFailure {
  if (value instanceof Error) {
    return { errorType: value.name || value.constructor?.name || 'Error', message: value.message, stack: value.stack ?? '' };
  }
  if (value === undefined || value === null) {
    return { errorType: String(value), message: `The function threw ${value} (not an Error).`, stack: '' };
  }
  if (typeof value === 'string') return { errorType: 'string', message: value, stack: '' };
  if (typeof value === 'object') {
    const message = (value as { message?: unknown }).message;
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
    if (text !== undefined && text.length > 2000) text = text.slice(0, 2000) + '…';
    return {
      errorType: (value as object).constructor?.name ?? 'Object',
      message: typeof message === 'string' && message ? message : `The function threw an object that is not an Error: ${text}`,
      stack: typeof (value as { stack?: unknown }).stack === 'string' ? ((value as { stack: string }).stack as string) : '',
    };
  }
  return { errorType: typeof value, message: `The function threw ${typeof value} ${String(value)} (not an Error).`, stack: '' };
}

/** The invocation was cut off by the host's own stop: nothing of it may be recorded. */
export function isShutdown(error: unknown): boolean {
  return error instanceof InvocationFailure && error.reason === 'shutdown';
}
