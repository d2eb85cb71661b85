import path from 'node:path';
import type { CapturedCall, SourceFrame } from '../Invoker';
import { SourceMapLookup } from './sourceMaps';
import { isAppFile, parseStack } from './stackFrames';

/** The durable context's methods that schedule (or wait for) something, whose call sites are recorded. */
const DURABLE_CALLS = [
  'callActivity',
  'callActivityWithRetry',
  'callSubOrchestrator',
  'callSubOrchestratorWithRetry',
  'createTimer',
  'callEntity',
  'signalEntity',
  'callHttp',
  'waitForExternalEvent',
  'lock',
  'continueAsNew',
] as const;

// The host's own frames (the invoker under the SDK) are no part of the app.
const HOST_DIR = path.resolve(__dirname, '..', '..');
const STACK_LIMIT = 50;

type AnyFunction = (...args: unknown[]) => unknown;

interface ActionRecorder {
  actions?: unknown[];
}

function tag(action: unknown, index: number): void {
  // The index travels inside the action JSON the SDK returns, so the host pairs each action with its call.
  if (action && typeof action === 'object') (action as { callSite?: number }).callSite = index;
}

/**
 * Records where an orchestrator makes each durable call, for the message of a non-deterministic
 * replay. It wraps the methods of the durable-functions context the SDK puts on `context.df`, takes a
 * stack per call and maps its frames to the app's sources. Only used when an invocation asks for it:
 * the normal path pays nothing.
 */
export class DurableCallRecorder {
  readonly calls: CapturedCall[] = [];
  private readonly maps = new SourceMapLookup();

  /** `scriptFile`: the orchestrator's entry file; the frames in its folder are the line to show. */
  constructor(private readonly scriptFile?: string) {}

  /** Arranges for the durable context on `context.df` (set by the SDK when the orchestrator runs) to record its calls. */
  attach(context: unknown): void {
    if (!context || typeof context !== 'object') return;
    let df = (context as { df?: unknown }).df;
    if (df && typeof df === 'object') {
      this.wrap(df as Record<string, unknown>);
      return;
    }
    Object.defineProperty(context, 'df', {
      configurable: true,
      enumerable: true,
      get: () => df,
      set: (value: unknown) => {
        df = value;
        if (value && typeof value === 'object') this.wrap(value as Record<string, unknown>);
      },
    });
  }

  private wrap(df: Record<string, unknown>): void {
    const executor = () => df.taskOrchestratorExecutor as ActionRecorder | undefined;
    for (const method of DURABLE_CALLS) {
      const original = df[method];
      if (typeof original !== 'function') continue;
      const recorder = this;
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        const frames = recorder.stack(wrapped);
        const before = executor()?.actions?.length ?? 0;
        const result = (original as AnyFunction).apply(this, args);
        const index = recorder.record(method, frames);
        const actions = executor()?.actions;
        // Tasks carry their action; fire-and-forget calls (signalEntity, continueAsNew) only add one to the SDK's list.
        tag((result as { actionObj?: unknown } | undefined)?.actionObj ?? (actions && actions.length > before ? actions[actions.length - 1] : undefined), index);
        if (method === 'lock') recorder.wrapRelease((result as { lockResult?: unknown } | undefined)?.lockResult, executor);
        return result;
      };
      df[method] = wrapped;
    }
  }

  /** A lock's release schedules ReleaseEntities through the lock object, not the context. */
  private wrapRelease(lock: unknown, executor: () => ActionRecorder | undefined): void {
    if (!lock || typeof lock !== 'object' || typeof (lock as { release?: unknown }).release !== 'function') return;
    const original = (lock as { release: AnyFunction }).release;
    const recorder = this;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const frames = recorder.stack(wrapped);
      const before = executor()?.actions?.length ?? 0;
      const result = original.apply(this, args);
      const actions = executor()?.actions;
      if (actions && actions.length > before) tag(actions[actions.length - 1], recorder.record('release', frames));
      return result;
    };
    (lock as { release: AnyFunction }).release = wrapped;
  }

  private stack(below: AnyFunction): SourceFrame[] {
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = STACK_LIMIT;
    try {
      Error.captureStackTrace(holder, below);
    } finally {
      Error.stackTraceLimit = limit;
    }
    return parseStack(holder.stack ?? '');
  }

  private record(method: string, frames: SourceFrame[]): number {
    // The app's frames are those above the SDK that runs the orchestrator: below it lie the host and its callers.
    const sdk = frames.findIndex((f) => !isAppFile(f.file));
    const own = (sdk < 0 ? frames : frames.slice(0, sdk)).filter((f) => !f.file.startsWith(HOST_DIR + path.sep));
    const mapped = own.map((f) => this.maps.original(f));
    const preferred = this.preferredDirs();
    const inPreferred = (i: number) => preferred.some((dir) => own[i].file.startsWith(dir) || mapped[i].file.startsWith(dir));
    const index = mapped.findIndex((_, i) => inPreferred(i));
    return this.calls.push({ method, at: mapped[index >= 0 ? index : 0], frames: mapped }) - 1;
  }

  /** The orchestrator's own folder, compiled and (through its source map) original; a stack may show either. */
  private preferredDirs(): string[] {
    if (!this.scriptFile) return [];
    const dirs = [path.dirname(this.scriptFile) + path.sep];
    const source = this.maps.sourceOf(this.scriptFile);
    if (source) dirs.push(path.dirname(source) + path.sep);
    return dirs;
  }
}
