import type { OrchestrationContext, Task } from 'durable-functions';
import { format } from 'node:util';
import type { TelemetryProperties, TraceSeverity } from './AppTelemetry';
import { activeTelemetry } from './setupTelemetry';

/** The parts of an orchestration's context that its telemetry items are tagged with. */
export interface OrchestrationIdentity {
  readonly functionName?: string;
  readonly invocationId?: string;
  readonly df: { readonly instanceId?: string };
}

function orchestrationProperties(context: OrchestrationIdentity): TelemetryProperties {
  const properties: TelemetryProperties = {};
  if (context.df.instanceId) properties.instanceId = context.df.instanceId;
  if (context.functionName) properties.functionName = context.functionName;
  if (context.invocationId) properties.invocationId = context.invocationId;
  return properties;
}

/** Sends a replay-safe logger's message as a trace; the logger calls it only when not replaying. */
export function trackOrchestrationTrace(context: OrchestrationIdentity, severity: TraceSeverity, args: unknown[]): void {
  const telemetry = activeTelemetry();
  if (telemetry) telemetry.trace(format(...args), severity, orchestrationProperties(context));
}

/**
 * Runs an orchestrator and, when it ends for real rather than in a replay, sends an
 * `OrchestrationCompleted` event with its duration in orchestration time (from its first
 * episode's start to its last, the same in every replay), or the error and `OrchestrationFailed`.
 */
export function* withCompletionTelemetry<T>(
  context: OrchestrationContext,
  orchestrator: Generator<Task, T, any>, // `any` matches what durable-functions passes back into a generator.
): Generator<Task, T, any> {
  const startedAt = context.df.currentUtcDateTime.getTime();
  let result: T;
  try {
    result = yield* orchestrator;
  } catch (error) {
    trackEnd(context, 'OrchestrationFailed', startedAt, error);
    throw error;
  }
  trackEnd(context, 'OrchestrationCompleted', startedAt);
  return result;
}

function trackEnd(context: OrchestrationContext, event: string, startedAt: number, error?: unknown): void {
  const telemetry = activeTelemetry();
  if (!telemetry || context.df.isReplaying) return;
  const properties = orchestrationProperties(context);
  if (error !== undefined) telemetry.exception(error instanceof Error ? error : new Error(String(error)), properties);
  telemetry.event(event, properties, { durationMs: context.df.currentUtcDateTime.getTime() - startedAt });
}
