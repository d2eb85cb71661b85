import { EventType, type HistoryEvent } from '../model/history';
import type { InstanceRecord } from '../model/instance';

function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    return JSON.parse(trimmed);
  } catch {
    // The extension hands back text that is not JSON as it is (a terminate reason, say).
    return text;
  }
}

/** A time as the extension writes `createdTime` and `lastUpdatedTime`: `DateTime.ToString("s") + "Z"`, whole seconds. */
export function extensionTime(ms: number): string {
  return new Date(ms).toISOString().substring(0, 19) + 'Z';
}

export interface StatusOptions {
  showInput?: boolean;
  history?: HistoryEvent[];
  showHistoryOutput?: boolean;
}

/** The status body of the management API (StatusResponsePayload): `input` and `output` always there, `historyEvents` only when asked for. */
export function statusPayload(instance: InstanceRecord, options: StatusOptions = {}): Record<string, unknown> {
  const showInput = options.showInput !== false;
  const body: Record<string, unknown> = {
    name: instance.name,
    instanceId: instance.instanceId,
    runtimeStatus: instance.status,
    input: showInput ? parseJson(instance.input) : null,
    customStatus: parseJson(instance.customStatus),
    output: parseJson(instance.output),
    createdTime: extensionTime(instance.createdAt),
    lastUpdatedTime: extensionTime(instance.lastUpdatedAt),
  };
  if (options.history) body.historyEvents = historyPayload(options.history, { showHistoryOutput: options.showHistoryOutput === true, showInput });
  return body;
}

interface Scheduled {
  index: number;
  name: string | undefined;
  timestamp: string;
  input: string | null | undefined;
}

/**
 * History in the extension's condensed form (DurableClient.GetDurableOrchestrationStatusAsync): event
 * types by name; a task's completion or failure carries its `FunctionName`, `ScheduledTime` and
 * `Input` and replaces its scheduling event; no episode markers, event ids or replay flags; results
 * only with `showHistoryOutput`, parsed; inputs as the JSON text they were stored as.
 */
export function historyPayload(history: readonly HistoryEvent[], options: { showHistoryOutput: boolean; showInput: boolean }): Record<string, unknown>[] {
  const items: (Record<string, unknown> | undefined)[] = [];
  const scheduled = new Map<string, Scheduled>();
  const dropped = new Set<number>();
  history.forEach((event, index) => {
    const item: Record<string, unknown> = { ...event, EventType: EventType[event.EventType] ?? event.EventType };
    delete item.Host;
    const type = event.EventType;
    const completes = (prefix: string) => {
      const source = scheduled.get(`${prefix}_${event.TaskScheduledId}`);
      if (source) {
        item.ScheduledTime = source.timestamp;
        item.FunctionName = source.name;
        if (options.showInput) item.Input = source.input;
        dropped.add(source.index);
      }
      delete item.TaskScheduledId;
    };
    switch (type) {
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
        scheduled.set(`${EventType[type]}_${event.EventId}`, { index, name: event.Name, timestamp: event.Timestamp, input: event.Input });
        delete item.Version;
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
        completes('TaskScheduled');
        break;
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed:
        completes('SubOrchestrationInstanceCreated');
        break;
      case EventType.ExecutionStarted:
        item.FunctionName = event.Name;
        delete item.Name;
        delete item.ParentInstance;
        delete item.Version;
        break;
      case EventType.TimerFired:
        delete item.TimerId;
        break;
      case EventType.OrchestratorStarted:
      case EventType.OrchestratorCompleted:
        dropped.add(index);
        break;
    }
    const carriesResult = type === EventType.TaskCompleted || type === EventType.SubOrchestrationInstanceCompleted || type === EventType.ExecutionCompleted;
    if (carriesResult) {
      if (options.showHistoryOutput) item.Result = parseJson(event.Result);
      else delete item.Result;
    }
    if (!options.showInput) delete item.Input;
    delete item.EventId;
    delete item.IsPlayed;
    items.push(item);
  });
  return items.filter((item, index): item is Record<string, unknown> => item !== undefined && !dropped.has(index));
}
