import { EventType, type HistoryEvent, historyEvent } from '../../src/host/durable/model/history';
import { ActionType, type OrchestratorState } from '../../src/host/durable/protocol/actions';
import {
  DEFAULT_ORCHESTRATION_SETTINGS,
  OrchestrationRuntimeState,
  type RuntimeLookups,
  executionStartedEvent,
  newInstanceRecord,
} from '../../src/host/durable/runtime/OrchestrationRuntimeState';
import { versionAllowed } from '../../src/host/durable/runtime/versioning';
import type { InboxMessage } from '../../src/host/durable/store/Store';
import { parseTraceParent } from '../../src/host/tracing/traceContext';

// The runtime state on its own: history and messages in, history events and outgoing work out, no store.
const T0 = Date.UTC(2026, 0, 1);
const lookups = (activities: string[] = ['Work']): RuntimeLookups => ({
  orchestratorName: (name) => (name.toLowerCase() === 'child' ? 'Child' : undefined),
  activityName: (name) => activities.find((a) => a.toLowerCase() === name.toLowerCase()),
  entityName: () => undefined,
  knownNames: (kind) => (kind === 'activity' ? activities : []),
  instanceStatus: () => undefined,
});
let nextMessage = 1;
const inbox = (event: HistoryEvent): InboxMessage => ({ id: nextMessage++, instanceId: 'i', executionId: null, event, visibleAt: T0 });
const state = (actions: OrchestratorState['actions'], isDone = false): OrchestratorState => ({ isDone, actions, schemaVersion: 1 });
const caller = { traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

function firstEpisode(actions: OrchestratorState['actions'], activities?: string[]) {
  const instance = { ...newInstanceRecord({ instanceId: 'i', name: 'Orch', input: null, now: T0 }), status: 'Running' as const };
  const runtime = new OrchestrationRuntimeState(instance, [], [inbox(executionStartedEvent(instance, T0, caller))], T0, DEFAULT_ORCHESTRATION_SETTINGS, lookups(activities));
  expect(runtime.begin()).toBeDefined();
  runtime.applyOrchestratorState(state(actions));
  return runtime;
}

describe('OrchestrationRuntimeState, without a store', () => {
  test('an activity is scheduled in a span of the orchestration, which is a span of the caller’s trace', () => {
    const runtime = firstEpisode([[{ actionType: ActionType.CallActivity, functionName: 'Work', input: 1 }]]);
    const [activity] = runtime.changes().activities;
    const own = parseTraceParent(runtime.traceContext!.traceParent)!;
    expect(own.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parseTraceParent(activity.traceContext!.traceParent)).toMatchObject({ traceId: own.traceId });
    expect(parseTraceParent(activity.traceContext!.traceParent)!.spanId).not.toBe(own.spanId);
  });

  test('a call to an activity that is not known (or disabled) fails the orchestration with the extension’s message', () => {
    const runtime = firstEpisode([[{ actionType: ActionType.CallActivity, functionName: 'Gone' }]], ['Work', 'Other']);
    expect(runtime.failure?.message).toBe(
      "Orchestrator function 'Orch' failed: The function 'Gone' doesn't exist, is disabled, or is not an activity function. Additional info: The following are the known activity functions: 'Work', 'Other'.",
    );
    expect(runtime.changes().activities).toEqual([]);
  });

  test('a callHttp is the built-in HTTP activity; its 202 with Location makes the host wait Retry-After and poll with a GET, without the orchestrator', () => {
    const http = { method: 'POST', uri: 'https://api.example/jobs', content: '{}', headers: { 'x-functions-key': 'k', accept: 'json' } };
    const first = firstEpisode([[{ actionType: ActionType.CallHttp, httpRequest: http }]]);
    const scheduled = first.changes().appendHistory.find((e) => e.EventType === EventType.TaskScheduled)!;
    expect(scheduled).toMatchObject({ Name: 'BuiltIn::HttpActivity', EventId: 0, Input: JSON.stringify([http]) });

    const history = first.changes().appendHistory;
    const afterFirst = first.changes().instance!;
    const result = JSON.stringify({ statusCode: 202, headers: { Location: '/jobs/7', 'Retry-After': '4' }, content: '' });
    const second = new OrchestrationRuntimeState(afterFirst, history, [inbox(historyEvent(EventType.TaskCompleted, T0 + 1000, { TaskScheduledId: 0, Result: result }))], T0 + 1000, DEFAULT_ORCHESTRATION_SETTINGS, lookups());
    expect(second.begin()).toBeUndefined();
    const timer = second.changes().appendHistory.find((e) => e.EventType === EventType.TimerCreated)!;
    expect(timer).toMatchObject({ EventId: 1, FireAt: new Date(T0 + 5000).toISOString(), Host: { followUp: true } });

    const third = new OrchestrationRuntimeState(
      second.changes().instance!,
      [...history, ...second.changes().appendHistory],
      [inbox(historyEvent(EventType.TimerFired, T0 + 5000, { TimerId: 1 }))],
      T0 + 5000,
      DEFAULT_ORCHESTRATION_SETTINGS,
      lookups(),
    );
    expect(third.begin()).toBeUndefined();
    const [poll] = third.changes().activities;
    expect(poll).toMatchObject({ taskId: 2, name: 'BuiltIn::HttpActivity' });
    expect(JSON.parse(poll.input!)[0]).toEqual({ method: 'GET', uri: 'https://api.example/jobs/7', headers: { accept: 'json' }, tokenSource: null });
  });

  test('versions: Strict takes only defaultVersion, CurrentOrOlder that and older, None any', () => {
    const settings = (matchStrategy: 'None' | 'Strict' | 'CurrentOrOlder') => ({ defaultVersion: '2.0', matchStrategy, failureStrategy: 'Reject' as const });
    expect([versionAllowed('2.0', settings('Strict')), versionAllowed('1.0', settings('Strict'))]).toEqual([true, false]);
    expect([versionAllowed('1.0', settings('CurrentOrOlder')), versionAllowed('', settings('CurrentOrOlder')), versionAllowed('2.1', settings('CurrentOrOlder'))]).toEqual([true, true, false]);
    expect(versionAllowed('99', settings('None'))).toBe(true);
  });
});
