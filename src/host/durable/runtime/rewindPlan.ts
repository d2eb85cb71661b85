import { EventType, type HistoryEvent, historyEvent } from '../model/history';
import type { InstanceRecord, NewActivity } from '../store/Store';

export interface RewindPlan {
  history: HistoryEvent[];
  nextEventId: number;
  /** Failed activities to run again, under their original task ids. */
  activities: NewActivity[];
  /** Failed sub-orchestrations to rewind in turn. */
  children: string[];
}

/**
 * Takes a failed instance back to before its failure: the failures of its last episode are removed
 * (and, for a retry whose attempts ran out, the last attempt's failure and final retry timer), the
 * failed work is run again, and the instance replays from there.
 */
export function planRewind(instance: InstanceRecord, history: HistoryEvent[], now: number, reason: string): RewindPlan {
  const completedAt = history.findIndex((e) => e.EventType === EventType.ExecutionCompleted);
  const kept = completedAt >= 0 ? history.slice(0, completedAt) : [...history];
  let lastStart = -1;
  kept.forEach((e, i) => {
    if (e.EventType === EventType.OrchestratorStarted) lastStart = i;
  });
  const scheduled = new Map<number, HistoryEvent>();
  for (const e of kept) {
    if (e.EventType === EventType.TaskScheduled || e.EventType === EventType.SubOrchestrationInstanceCreated || e.EventType === EventType.TimerCreated) {
      scheduled.set(e.EventId, e);
    }
  }

  const drop = new Set<HistoryEvent>();
  const rerun = new Set<number>();
  let nextEventId = instance.nextEventId;
  for (const e of kept.slice(lastStart + 1)) {
    if (e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed) {
      drop.add(e);
      rerun.add(e.TaskScheduledId!);
    } else if (e.EventType === EventType.TimerFired && scheduled.get(e.TimerId!)?.Host?.retry) {
      // The SDK waits for the retry timer after the last attempt too; take the attempt back with it.
      const timer = scheduled.get(e.TimerId!)!;
      drop.add(e).add(timer);
      nextEventId = Math.min(nextEventId, timer.EventId);
      const failure = [...kept].reverse().find((f) => f.EventType === EventType.TaskFailed || f.EventType === EventType.SubOrchestrationInstanceFailed);
      if (failure) {
        drop.add(failure);
        rerun.add(failure.TaskScheduledId!);
      }
    }
  }

  const activities: NewActivity[] = [];
  const children: string[] = [];
  for (const id of rerun) {
    const source = scheduled.get(id);
    if (source?.EventType === EventType.TaskScheduled) {
      activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskId: id, name: source.Name!, input: source.Input ?? null, visibleAt: now });
    } else if (source?.EventType === EventType.SubOrchestrationInstanceCreated && source.InstanceId) {
      children.push(source.InstanceId);
    }
  }
  const rewound = kept.filter((e) => !drop.has(e));
  rewound.push(historyEvent(EventType.GenericEvent, now, { Name: 'Rewound', Input: JSON.stringify(reason) }));
  return { history: rewound, nextEventId, activities, children };
}
