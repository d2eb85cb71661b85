import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationContext, RetryOptions, Task } from 'durable-functions';

/** The function an activity runs: its input and result types are what callers are checked against. */
export type TypedActivityHandler<I, O> = (input: I, context: InvocationContext) => O | Promise<O>;

/**
 * A registered activity that orchestrations call by reference rather than by name string,
 * so a misspelt name, a wrong input or a misused result is a compile error.
 */
export interface ActivityReference<I, O> {
  readonly name: string;
  /** The registered handler, for calling the activity's logic directly in unit tests. */
  readonly handler: TypedActivityHandler<I, O>;
  /** Use as `const result = yield* activity.call(context, input)`. */
  call(context: OrchestrationContext, input: I): Generator<Task, O, unknown>;
  /** Like `call`, retried by the Durable runtime according to `retry`. */
  callWithRetry(context: OrchestrationContext, retry: RetryOptions, input: I): Generator<Task, O, unknown>;
  /** The raw task, for fan-out with `context.df.Task.all` / `Task.any`. */
  task(context: OrchestrationContext, input: I): Task;
}

/** Registers an activity with `df.app.activity` and returns a typed reference to it. */
export function defineActivity<I, O>(name: string, handler: TypedActivityHandler<I, O>): ActivityReference<I, O> {
  df.app.activity(name, { handler });
  return {
    name,
    handler,
    *call(context, input) {
      // The runtime hands back the activity's JSON result; its type is the handler's promise.
      return (yield context.df.callActivity(name, input)) as O;
    },
    *callWithRetry(context, retry, input) {
      return (yield context.df.callActivityWithRetry(name, retry, input)) as O;
    },
    task(context, input) {
      return context.df.callActivity(name, input);
    },
  };
}
