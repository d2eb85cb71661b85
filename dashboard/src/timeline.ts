// An instance's history as the bars of a Gantt chart: each activity, timer and sub-orchestration from
// the event that scheduled it to the one that finished it; external events as points.

/** The fields of a history event (as the management API's showHistory gives it) that the timeline reads. */
export interface TimelineEvent {
  EventType: string;
  EventId?: number;
  Timestamp: string;
  Name?: string;
  InstanceId?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  OrchestrationStatus?: string;
  /** In the extension's condensed history a completion names its function and when it was scheduled, in place of its scheduling event. */
  FunctionName?: string;
  ScheduledTime?: string;
}

export type SpanKind = 'orchestration' | 'activity' | 'timer' | 'suborchestration' | 'event';
/** `open`: still running or waiting; `cancelled`: a timer the orchestration no longer waited for. */
export type SpanState = 'completed' | 'failed' | 'open' | 'cancelled' | 'terminated';

export interface Span {
  kind: SpanKind;
  label: string;
  start: number;
  /** The end, or for an open span the time the chart is drawn at. */
  end: number;
  state: SpanState;
  /** A sub-orchestration's instance id. */
  instanceId?: string;
  /** A timer's due time. */
  fireAt?: number;
}

export interface Timeline {
  start: number;
  end: number;
  spans: Span[];
}

const FINISH: Record<string, { kind: SpanKind; state: SpanState }> = {
  TaskCompleted: { kind: 'activity', state: 'completed' },
  TaskFailed: { kind: 'activity', state: 'failed' },
  SubOrchestrationInstanceCompleted: { kind: 'suborchestration', state: 'completed' },
  SubOrchestrationInstanceFailed: { kind: 'suborchestration', state: 'failed' },
};

/** The spans of one history; `now` closes what is still open while the instance runs. */
export function buildTimeline(history: TimelineEvent[], now: number): Timeline {
  const time = (e: TimelineEvent) => Date.parse(e.Timestamp);
  const started = history.find((e) => e.EventType === 'ExecutionStarted');
  const ended = history.find((e) => e.EventType === 'ExecutionCompleted' || e.EventType === 'ExecutionTerminated');
  const start = started ? time(started) : history.length ? time(history[0]) : now;
  const end = ended ? time(ended) : Math.max(now, ...history.map(time));
  const spans: Span[] = [];
  const pending = new Map<string, Span>();

  if (started) {
    const status = ended?.EventType === 'ExecutionTerminated' ? 'Terminated' : ended?.OrchestrationStatus;
    const state: SpanState = !ended ? 'open' : status === 'Terminated' ? 'terminated' : status === 'Failed' ? 'failed' : 'completed';
    spans.push({ kind: 'orchestration', label: started.Name ?? started.FunctionName ?? 'orchestration', start, end, state });
  }
  for (const e of history) {
    const at = time(e);
    switch (e.EventType) {
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated': {
        const kind: SpanKind = e.EventType === 'TaskScheduled' ? 'activity' : 'suborchestration';
        const span: Span = { kind, label: e.Name ?? kind, start: at, end, state: 'open', instanceId: e.InstanceId };
        spans.push(span);
        pending.set(`${kind}:${e.EventId}`, span);
        break;
      }
      case 'TimerCreated': {
        const fireAt = e.FireAt ? Date.parse(e.FireAt) : undefined;
        const span: Span = { kind: 'timer', label: 'timer', start: at, end, state: ended ? 'cancelled' : 'open', fireAt };
        spans.push(span);
        // The condensed history has no timer ids: a timer is found again by its due time.
        pending.set(`timer:${e.EventId ?? e.FireAt}`, span);
        break;
      }
      case 'TimerFired': {
        const span = pending.get(`timer:${e.TimerId ?? e.FireAt}`);
        if (span) {
          span.end = at;
          span.state = 'completed';
        }
        break;
      }
      case 'EventRaised':
        spans.push({ kind: 'event', label: e.Name ?? 'event', start: at, end: at, state: 'completed' });
        break;
      default: {
        const finish = FINISH[e.EventType];
        if (finish && e.ScheduledTime !== undefined && e.TaskScheduledId === undefined) {
          // Condensed: the completion stands for its scheduling event too.
          spans.push({ kind: finish.kind, label: e.FunctionName ?? finish.kind, start: Date.parse(e.ScheduledTime), end: at, state: finish.state, instanceId: e.InstanceId });
          break;
        }
        const span = finish && pending.get(`${finish.kind}:${e.TaskScheduledId}`);
        if (span) {
          span.end = at;
          span.state = finish.state;
        }
      }
    }
  }
  return { start, end: Math.max(end, start + 1), spans };
}
