import * as df from 'durable-functions';
import type { DurableClient, OrchestrationContext, RetryOptions, Task } from 'durable-functions';
import { urlSafeClient } from './ids/urlSafeClient';
import { rememberOrchestrationName } from './orchestrationRegistry';
import { withCompletionTelemetry } from './telemetry/orchestrationTelemetry';

/** An orchestrator generator that receives its input already typed; `context.df.getInput()` still works. */
export type TypedOrchestrationHandler<I, O> = (
  context: OrchestrationContext,
  input: I,
) => Generator<Task, O, any>; // `any` matches what durable-functions passes back into a generator.

/** A registered orchestration that clients and parent orchestrations start by reference with a checked input. */
export interface OrchestrationReference<I, O> {
  readonly name: string;
  /** Starts a new instance and resolves to its instance id. */
  start(client: DurableClient, input: I, options?: { instanceId?: string }): Promise<string>;
  /** Use as `const result = yield* child.callSubOrchestration(context, input)`. */
  callSubOrchestration(context: OrchestrationContext, input: I, instanceId?: string): Generator<Task, O, unknown>;
  /** Like `callSubOrchestration`, retried by the Durable runtime according to `retry`. */
  callSubOrchestrationWithRetry(
    context: OrchestrationContext,
    retry: RetryOptions,
    input: I,
    instanceId?: string,
  ): Generator<Task, O, unknown>;
  /** The raw task, for fan-out with `context.df.Task.all` / `Task.any`. */
  task(context: OrchestrationContext, input: I, instanceId?: string): Task;
}

/**
 * Registers an orchestration with `df.app.orchestration`, records its name, and returns a typed reference.
 * With telemetry on, each instance that ends sends its duration (see withCompletionTelemetry).
 */
export function defineOrchestration<I, O>(name: string, handler: TypedOrchestrationHandler<I, O>): OrchestrationReference<I, O> {
  df.app.orchestration(name, (context) => withCompletionTelemetry(context, handler(context, context.df.getInput<I>())));
  rememberOrchestrationName(name);
  return {
    name,
    start(client, input, options = {}) {
      return urlSafeClient(client).startNew(name, { input, instanceId: options.instanceId });
    },
    *callSubOrchestration(context, input, instanceId) {
      return (yield context.df.callSubOrchestrator(name, input, instanceId)) as O;
    },
    *callSubOrchestrationWithRetry(context, retry, input, instanceId) {
      return (yield context.df.callSubOrchestratorWithRetry(name, retry, input, instanceId)) as O;
    },
    task(context, input, instanceId) {
      return context.df.callSubOrchestrator(name, input, instanceId);
    },
  };
}
