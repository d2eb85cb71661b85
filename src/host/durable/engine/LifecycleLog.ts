import type { HostLogger } from '../../logging/HostLogger';
import type { LogLevel } from '../../logging/LogLevel';

/** The Durable extension's log category (LogCategories.CreateTriggerCategory("DurableTask")), which host.json's logLevel filters. */
export const DURABLE_TASK_CATEGORY = 'Host.Triggers.DurableTask';

export type DurableFunctionType = 'Orchestrator' | 'Activity' | 'Entity';

/** host.json `extensions.durableTask.tracing`. */
export interface TracingSettings {
  /** Log the lines of replays too (`traceReplayEvents`, default false). */
  traceReplayEvents: boolean;
  /** Log inputs and outputs as they are instead of their length (`traceInputsAndOutputs`, default false). */
  traceInputsAndOutputs: boolean;
}

export const DEFAULT_TRACING: TracingSettings = { traceReplayEvents: false, traceInputsAndOutputs: false };

// Every public method checks its level first: at thousands of episodes a second the formatting costs when the lines are off.
/**
 * The extension's lifecycle lines (EndToEndTraceHelper) at its levels: scheduled, started, awaited,
 * completed (Information), terminated and rewound (Warning), failed (Error), with its wording, so a
 * host log reads as `func start`'s. Replays are left out unless traceReplayEvents is on.
 */
export class LifecycleLog {
  private sequenceNumber = 0;

  constructor(
    private readonly logger: HostLogger,
    private readonly hubName: string,
    private readonly settings: TracingSettings = DEFAULT_TRACING,
  ) {}

  scheduled(instanceId: string, name: string, type: DurableFunctionType, reason: string, isReplay = false): void {
    if (!this.on('information', isReplay)) return;
    this.line('information', isReplay, instanceId, name, type, `scheduled. Reason: ${reason}. IsReplay: ${bool(isReplay)}. State: Scheduled. RuntimeStatus: Pending.`);
  }

  started(instanceId: string, name: string, type: DurableFunctionType, input: string | null, isReplay = false, taskEventId = -1): void {
    if (!this.on('information', isReplay)) return;
    this.line('information', isReplay, instanceId, name, type, `started. IsReplay: ${bool(isReplay)}. Input: ${this.payload(input)}. State: Started. RuntimeStatus: Running.`, taskEventId);
  }

  awaited(instanceId: string, name: string): void {
    if (!this.on('information', false)) return;
    this.line('information', false, instanceId, name, 'Orchestrator', 'awaited. IsReplay: False. State: Awaited.');
  }

  completed(instanceId: string, name: string, type: DurableFunctionType, output: string | null, continuedAsNew = false, taskEventId = -1): void {
    if (!this.on('information', false)) return;
    const status = continuedAsNew ? 'ContinuedAsNew' : 'Completed';
    this.line('information', false, instanceId, name, type, `completed. ContinuedAsNew: ${bool(continuedAsNew)}. IsReplay: False. Output: ${this.payload(output)}. State: Completed. RuntimeStatus: ${status}.`, taskEventId);
  }

  failed(instanceId: string, name: string, type: DurableFunctionType, reason: string, taskEventId = -1): void {
    if (!this.on('error', false)) return;
    this.line('error', false, instanceId, name, type, `failed with an error. Reason: ${reason}. IsReplay: False. State: Failed. RuntimeStatus: Failed.`, taskEventId);
  }

  terminated(instanceId: string, name: string, reason: string): void {
    if (!this.on('warning', false)) return;
    this.line('warning', false, instanceId, name, 'Orchestrator', `was terminated. Reason: ${reason}. State: Terminated. RuntimeStatus: Terminated.`);
  }

  rewound(instanceId: string, name: string, reason: string): void {
    if (!this.on('warning', false)) return;
    this.line('warning', false, instanceId, name, 'Orchestrator', `was rewound. Reason: ${reason}. State: Rewound.`);
  }

  suspending(instanceId: string, name: string, reason: string): void {
    if (!this.on('information', false)) return;
    this.emit('information', `${instanceId}: Suspending function '${name} (Orchestrator)'. Reason: ${reason}. State: Suspended. RuntimeStatus: Suspended.${this.tail()}`);
  }

  resuming(instanceId: string, name: string, reason: string): void {
    if (!this.on('information', false)) return;
    this.emit('information', `${instanceId}: Resuming function '${name} (Orchestrator)'. Reason: ${reason}. State: Scheduled. RuntimeStatus: Running.${this.tail()}`);
  }

  operationCompleted(entityId: string, name: string, operation: string, operationId: string, durationMs: number, input: string | undefined, output: string | undefined): void {
    if (!this.on('information', false)) return;
    this.line(
      'information',
      false,
      entityId,
      name,
      'Entity',
      `completed '${operation}' operation ${operationId} in ${durationMs}ms. IsReplay: False. Input: ${this.payload(input ?? null)}. Output: ${this.payload(output ?? null)}.`,
    );
  }

  operationFailed(entityId: string, name: string, operation: string, operationId: string, durationMs: number, error: string, input: string | undefined): void {
    if (!this.on('error', false)) return;
    this.line('error', false, entityId, name, 'Entity', `failed '${operation}' operation ${operationId} after ${durationMs}ms with exception ${error}. Input: ${this.payload(input ?? null)}. IsReplay: False.`);
  }

  private on(level: LogLevel, isReplay: boolean): boolean {
    return (!isReplay || this.settings.traceReplayEvents) && this.logger.enabled(level, DURABLE_TASK_CATEGORY);
  }

  private line(level: LogLevel, _isReplay: boolean, instanceId: string, name: string, type: DurableFunctionType, text: string, taskEventId?: number): void {
    this.emit(level, `${instanceId}: Function '${name} (${type})' ${text}${this.tail()}${taskEventId === undefined ? '' : ` TaskEventId: ${taskEventId}`}`);
  }

  private emit(level: LogLevel, message: string): void {
    this.logger.log(level, DURABLE_TASK_CATEGORY, message);
  }

  private tail(): string {
    return ` HubName: ${this.hubName}. AppName: ${process.env.WEBSITE_SITE_NAME ?? ''}. SlotName: ${process.env.WEBSITE_SLOT_NAME ?? ''}. ExtensionVersion: durable-host. SequenceNumber: ${this.sequenceNumber++}.`;
  }

  /** Inputs and outputs are redacted to their length unless traceInputsAndOutputs is on, as the extension does. */
  private payload(text: string | null): string {
    if (this.settings.traceInputsAndOutputs) return text ?? '';
    return `(Redacted ${text?.length ?? 0} characters)`;
  }

  /** Whether any line at `level` would be written: callers skip building what they would log. */
  enabled(level: LogLevel = 'information'): boolean {
    return this.logger.enabled(level, DURABLE_TASK_CATEGORY);
  }
}

function bool(value: boolean): string {
  return value ? 'True' : 'False';
}
