import { EventType, type HistoryEvent, historyEvent } from '../../src/host/durable/model/history';
import type { InstanceRecord } from '../../src/host/durable/model/instance';
import { ActionType, type OrchestratorState } from '../../src/host/durable/protocol/actions';
import {
  DEFAULT_ORCHESTRATION_SETTINGS,
  OrchestrationRuntimeState,
  REWIND_REQUEST,
  type RuntimeLookups,
  executionStartedEvent,
  newInstanceRecord,
} from '../../src/host/durable/runtime/OrchestrationRuntimeState';
import type { InboxMessage } from '../../src/host/durable/store/Store';

const T0 = Date.UTC(2026, 0, 1);
const lookups: RuntimeLookups = {
  orchestratorName: (name) => (name.toLowerCase() === 'child' ? 'Child' : undefined),
  // Every activity and entity these tests call exists.
  activityName: (name) => name,
  entityName: (name) => name,
  knownNames: (kind) => (kind === 'orchestrator' ? ['Child'] : []),
  instanceStatus: () => undefined,
};

let nextMessageId = 1;
function inbox(instance: InstanceRecord, ...events: HistoryEvent[]): InboxMessage[] {
  return events.map((event) => ({ id: nextMessageId++, instanceId: instance.instanceId, executionId: instance.executionId, event, visibleAt: T0 }));
}

function state(actions: OrchestratorState['actions'], extra: Partial<OrchestratorState> = {}): OrchestratorState {
  return { isDone: false, actions, schemaVersion: 1, ...extra };
}

/** Runs one episode: what the runtime asks the orchestrator to replay, and what it commits after `answer`. */
function episode(instance: InstanceRecord, history: HistoryEvent[], messages: InboxMessage[], answer?: OrchestratorState, now = T0) {
  const runtime = new OrchestrationRuntimeState(instance, history, messages, now, DEFAULT_ORCHESTRATION_SETTINGS, lookups);
  const replay = runtime.begin();
  if (replay && answer) runtime.applyOrchestratorState(answer);
  return { replay, changes: runtime.changes(), runtime };
}

describe('the orchestration runtime state, without a store', () => {
  const started = newInstanceRecord({ instanceId: 'i-1', name: 'Flow', input: '"in"', now: T0 });

  test('a new instance replays its ExecutionStarted for the first time and schedules what the orchestrator asks', () => {
    const messages = inbox(started, executionStartedEvent(started, T0));
    const { replay, changes } = episode(started, [], messages, state([[{ actionType: ActionType.CallActivity, functionName: 'Say', input: 'hi' }]]));
    expect(replay!.isReplaying).toBe(false);
    expect(replay!.newEvents.map((e) => EventType[e.EventType])).toEqual(['OrchestratorStarted', 'ExecutionStarted']);
    expect(changes.instance!.status).toBe('Running');
    expect(changes.consumedMessageIds).toEqual(messages.map((m) => m.id));
    expect(changes.appendHistory.map((e) => [EventType[e.EventType], e.EventId, e.Name])).toEqual([
      ['OrchestratorStarted', -1, undefined],
      ['ExecutionStarted', -1, 'Flow'],
      ['TaskScheduled', 0, 'Say'],
      ['OrchestratorCompleted', -1, undefined],
    ]);
    // The SDK pre-serializes a string input of an activity: it is passed on as it is.
    expect(changes.activities).toEqual([
      { instanceId: 'i-1', executionId: started.executionId, taskId: 0, name: 'Say', input: 'hi', visibleAt: T0, traceContext: { traceParent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) } },
    ]);
  });

  test('a replay that schedules something else at a recorded position fails the instance and names both calls', () => {
    const running = { ...started, status: 'Running' as const, nextEventId: 1 };
    const history = [historyEvent(EventType.ExecutionStarted, T0, { Name: 'Flow' }), { ...historyEvent(EventType.TaskScheduled, T0, { Name: 'Say' }), EventId: 0 }];
    const { changes, runtime } = episode(
      running,
      history,
      inbox(running, historyEvent(EventType.TaskCompleted, T0, { TaskScheduledId: 0, Result: '1' })),
      state([[{ actionType: ActionType.CallActivity, functionName: 'Shout' }]]),
    );
    expect(changes.instance!.status).toBe('Failed');
    expect(changes.finished).toBe(true);
    expect(changes.activities).toEqual([]);
    expect(runtime.failure!.message).toMatch(/position 0 the history has TaskScheduled 'Say', but the orchestrator now schedules CallActivity 'Shout'/);
  });

  test('terminate ends the instance without running the orchestrator', () => {
    const running = { ...started, status: 'Running' as const };
    const { replay, changes } = episode(running, [historyEvent(EventType.ExecutionStarted, T0)], inbox(running, historyEvent(EventType.ExecutionTerminated, T0, { Input: '"stop"' })));
    expect(replay).toBeUndefined();
    expect(changes.instance).toMatchObject({ status: 'Terminated', output: '"stop"' });
  });

  test('messages of another execution are consumed and change nothing', () => {
    const running = { ...started, status: 'Running' as const };
    const stale: InboxMessage = { id: 999, instanceId: 'i-1', executionId: 'an-old-execution', event: historyEvent(EventType.TaskCompleted, T0, { TaskScheduledId: 3 }), visibleAt: T0 };
    const { replay, changes } = episode(running, [historyEvent(EventType.ExecutionStarted, T0)], [stale]);
    expect(replay).toBeUndefined();
    expect(changes.consumedMessageIds).toEqual([999]);
    expect(changes.instance).toBeUndefined();
  });

  test('a failed attempt of a retried activity schedules its retry timer without a replay', () => {
    const running = { ...started, status: 'Running' as const, nextEventId: 1 };
    const retry = { firstEventId: 0, attempt: 1, firstAttemptAt: T0, options: { firstRetryIntervalInMilliseconds: 5000, maxNumberOfAttempts: 3 }, kind: 'activity' as const, name: 'Flaky', input: null };
    const history = [historyEvent(EventType.ExecutionStarted, T0), { ...historyEvent(EventType.TaskScheduled, T0, { Name: 'Flaky', Host: { retry } }), EventId: 0 }];
    const { replay, changes } = episode(running, history, inbox(running, historyEvent(EventType.TaskFailed, T0, { TaskScheduledId: 0, Reason: 'boom' })));
    expect(replay).toBeUndefined();
    const timer = changes.appendHistory.find((e) => e.EventType === EventType.TimerCreated)!;
    expect(timer.EventId).toBe(1);
    expect(timer.FireAt).toBe(new Date(T0 + 5000).toISOString());
    expect(changes.messages).toEqual([expect.objectContaining({ visibleAt: T0 + 5000, event: expect.objectContaining({ EventType: EventType.TimerFired, TimerId: 1 }) })]);
  });

  test('a retry interval that ends past the last possible date fails the instance, naming the policy', () => {
    const running = { ...started, status: 'Running' as const, nextEventId: 1 };
    const retry = { firstEventId: 0, attempt: 1, firstAttemptAt: T0, options: { firstRetryIntervalInMilliseconds: 1e16, maxNumberOfAttempts: 3 }, kind: 'activity' as const, name: 'Flaky', input: null };
    const history = [historyEvent(EventType.ExecutionStarted, T0), { ...historyEvent(EventType.TaskScheduled, T0, { Name: 'Flaky', Host: { retry } }), EventId: 0 }];
    const runtime = new OrchestrationRuntimeState(running, history, inbox(running, historyEvent(EventType.TaskFailed, T0, { TaskScheduledId: 0, Reason: 'boom' })), T0, DEFAULT_ORCHESTRATION_SETTINGS, lookups);
    expect(() => runtime.begin()).toThrow(/retry policy of 'Flaky'.*cannot exist.*firstRetryIntervalInMilliseconds 10000000000000000/);
    runtime.failAll({ message: 'x', details: '' });
    expect(runtime.changes().instance!.status).toBe('Failed');
  });

  test('a sub-orchestration that does not exist (or is disabled) fails the parent, as the extension refuses to schedule it', () => {
    const running = { ...started, status: 'Running' as const };
    const { changes, runtime } = episode(
      running,
      [historyEvent(EventType.ExecutionStarted, T0)],
      inbox(running, historyEvent(EventType.EventRaised, T0, { Name: 'go' })),
      state([[{ actionType: ActionType.CallSubOrchestrator, functionName: 'Nope', instanceId: 'kid' }]]),
    );
    expect(changes.startInstances).toEqual([]);
    expect(changes.instance!.status).toBe('Failed');
    expect(runtime.failure?.message).toBe(
      "Orchestrator function 'Flow' failed: The function 'Nope' doesn't exist, is disabled, or is not an orchestrator function. Additional info: The following are the known orchestrator functions: 'Child'.",
    );
  });

  test('a sub-orchestration is created by the caller-built ExecutionStarted, under the registered name', () => {
    const running = { ...started, status: 'Running' as const };
    const { changes } = episode(
      running,
      [historyEvent(EventType.ExecutionStarted, T0)],
      inbox(running, historyEvent(EventType.EventRaised, T0, { Name: 'go' })),
      state([[{ actionType: ActionType.CallSubOrchestrator, functionName: 'child', instanceId: 'kid', input: { n: 1 } }]]),
    );
    expect(changes.startInstances).toHaveLength(1);
    const [start] = changes.startInstances;
    expect(start.instance).toMatchObject({ instanceId: 'kid', name: 'Child', input: '{"n":1}', parentInstanceId: 'i-1', parentTaskId: 0 });
    expect(start.started).toMatchObject({ EventType: EventType.ExecutionStarted, Name: 'Child', ParentInstance: { InstanceId: 'i-1', TaskScheduleId: 0 } });
  });

  test('a rewind request brings a failed instance back and runs its failed activity again', () => {
    const failed = { ...started, status: 'Failed' as const, nextEventId: 1, output: '"boom"' };
    const history = [
      historyEvent(EventType.OrchestratorStarted, T0),
      historyEvent(EventType.ExecutionStarted, T0),
      { ...historyEvent(EventType.TaskScheduled, T0, { Name: 'Flaky' }), EventId: 0 },
      historyEvent(EventType.OrchestratorCompleted, T0),
      historyEvent(EventType.OrchestratorStarted, T0),
      historyEvent(EventType.TaskFailed, T0, { TaskScheduledId: 0, Reason: 'boom' }),
      historyEvent(EventType.ExecutionCompleted, T0, { OrchestrationStatus: 'Failed' }),
    ];
    const messages: InboxMessage[] = [{ id: 5, instanceId: 'i-1', executionId: null, event: historyEvent(EventType.GenericEvent, T0, { Name: REWIND_REQUEST, Input: '"fixed"' }), visibleAt: T0 }];
    const { replay, changes } = episode(failed, history, messages);
    expect(replay).toBeUndefined();
    expect(changes.instance).toMatchObject({ status: 'Running', output: null });
    expect(changes.resetHistory).toBe(true);
    expect(changes.activities.map((a) => [a.name, a.taskId])).toEqual([['Flaky', 0]]);
    expect(changes.appendHistory.some((e) => e.EventType === EventType.TaskFailed)).toBe(false);
  });
});
