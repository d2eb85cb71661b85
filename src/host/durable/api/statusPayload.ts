import { EventType, type HistoryEvent } from '../model/history';
import type { InstanceRecord } from '../model/instance';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface StatusOptions {
  showInput?: boolean;
  history?: HistoryEvent[];
  showHistoryOutput?: boolean;
}

/** The status body of the management API: `input` and `output` are always there, null when empty. */
export function statusPayload(instance: InstanceRecord, options: StatusOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: instance.name,
    instanceId: instance.instanceId,
    runtimeStatus: instance.status,
    input: options.showInput === false ? null : parseJson(instance.input),
    customStatus: parseJson(instance.customStatus),
    output: parseJson(instance.output),
    createdTime: new Date(instance.createdAt).toISOString(),
    lastUpdatedTime: new Date(instance.lastUpdatedAt).toISOString(),
  };
  if (options.history) body.historyEvents = historyPayload(options.history, options.showHistoryOutput === true);
  return body;
}

const HIDDEN = new Set([EventType.OrchestratorStarted, EventType.OrchestratorCompleted]);

/** History as the extension shows it: named event types, no episode markers, outputs on request. */
export function historyPayload(history: HistoryEvent[], showOutput: boolean): Record<string, unknown>[] {
  return history
    .filter((e) => !HIDDEN.has(e.EventType))
    .map((e) => {
      const out: Record<string, unknown> = { EventType: EventType[e.EventType], EventId: e.EventId, Timestamp: e.Timestamp };
      if (e.Name !== undefined) out.Name = e.Name;
      if (e.InstanceId !== undefined) out.InstanceId = e.InstanceId;
      if (e.TaskScheduledId !== undefined) out.TaskScheduledId = e.TaskScheduledId;
      if (e.TimerId !== undefined) out.TimerId = e.TimerId;
      if (e.FireAt !== undefined) out.FireAt = e.FireAt;
      if (e.OrchestrationStatus !== undefined) out.OrchestrationStatus = e.OrchestrationStatus;
      if (e.Reason !== undefined) out.Reason = e.Reason;
      if (e.Details) out.Details = e.Details;
      if (e.EventType === EventType.ExecutionStarted) out.Input = parseJson(e.Input ?? null);
      if (showOutput && e.Result !== undefined) out.Result = parseJson(e.Result ?? null);
      if (showOutput && e.EventType === EventType.EventRaised) out.Input = parseJson(e.Input ?? null);
      return out;
    });
}
