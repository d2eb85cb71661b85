import path from 'node:path';

const patched = new WeakSet<object>();

/** An Error for any thrown value: the SDK reads `.message` and treats a thrown `undefined` as no failure at all. */
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (value === undefined || value === null) return new Error(`The orchestrator threw ${value} (not an Error).`);
  if (typeof value === 'string') return new Error(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const message = typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : `The orchestrator threw a value that is not an Error: ${text}`;
  return Object.assign(new Error(message), { thrown: value });
}

/** Delegates to the orchestrator's generator; whatever it throws comes out as an Error. */
function normalizedGenerator(inner: Generator): Generator {
  const guard = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      throw asError(error);
    }
  };
  const outer = {
    next: (value?: unknown) => guard(() => inner.next(value)),
    throw: (error?: unknown) => guard(() => inner.throw(error)),
    return: (value?: unknown) => guard(() => inner.return(value)),
    [Symbol.iterator]() {
      return outer;
    },
  };
  return outer as unknown as Generator;
}

/**
 * durable-functions 3 loses an orchestrator's failure when it throws `undefined` (the instance then
 * waits for ever) and its message when it throws `null`, a string or a plain object. Where the app
 * loads the SDK from its own node_modules, the host hands the SDK Errors instead, so such an
 * orchestration fails with a message saying what was thrown. (An app bundled into one file keeps
 * the SDK's own behaviour.)
 */
export function shimDurableFunctions(sdkMainFile: string): void {
  let executorModule: { TaskOrchestrationExecutor?: { prototype: { execute?: (...args: unknown[]) => unknown } } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    executorModule = require(path.join(path.dirname(sdkMainFile), 'orchestrations', 'TaskOrchestrationExecutor.js'));
  } catch {
    return;
  }
  const proto = executorModule.TaskOrchestrationExecutor?.prototype;
  if (!proto || typeof proto.execute !== 'function' || patched.has(proto)) return;
  patched.add(proto);
  const execute = proto.execute;
  proto.execute = function (this: unknown, context: unknown, history: unknown, schemaVersion: unknown, fn: unknown) {
    const orchestrator = fn as (ctx: unknown) => Generator;
    const wrapped = (ctx: unknown) => {
      const generator = orchestrator(ctx);
      return generator && typeof generator.next === 'function' ? normalizedGenerator(generator) : generator;
    };
    return execute.call(this, context, history, schemaVersion, wrapped);
  };
}
