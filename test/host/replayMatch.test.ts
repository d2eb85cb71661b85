import path from 'node:path';
import { EventType, type HistoryEvent } from '../../src/host/durable/model/history';
import { ActionType, type OrchestratorAction } from '../../src/host/durable/protocol/actions';
import { DEFAULT_ORCHESTRATION_SETTINGS } from '../../src/host/durable/runtime/OrchestrationRuntimeState';
import { matchActions } from '../../src/host/durable/runtime/replayMatch';
import { readHistoryFile } from '../../src/host/verify/HistoryFile';
import { VERIFY_APP_HISTORIES } from '../support/verifyApp';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** History events in order; EventId -1 unless given. */
function event(type: EventType, at: number, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: true, Timestamp: iso(at), ...fields };
}

const activity = (name: string, retry = false): OrchestratorAction => ({
  actionType: retry ? ActionType.CallActivityWithRetry : ActionType.CallActivity,
  functionName: name,
  ...(retry && { retryOptions: { firstRetryIntervalInMilliseconds: 5000, maxNumberOfAttempts: 3 } }),
});
const timer = (fireAt: number): OrchestratorAction => ({ actionType: ActionType.CreateTimer, fireAt: iso(fireAt), isCanceled: false });

const withoutHost = (history: HistoryEvent[]) => history.map(({ Host: _host, ...e }) => e as HistoryEvent);

describe('matching actions against a history (the runtime, verify and the test environment share it)', () => {
  const retried = readHistoryFile(path.join(VERIFY_APP_HISTORIES, 'reliable-done.json')).history;

  test("the host's own retry follow-ups (timers and later attempts) are not matched against actions", () => {
    const match = matchActions(retried, [activity('UnreliableWork', true)], DEFAULT_ORCHESTRATION_SETTINGS);
    expect(match.divergence).toBeUndefined();
    expect(match.replayed.map((e) => e.EventId)).toEqual([0]);
  });

  test('a history written elsewhere (no host bookkeeping) has its retry timers and attempts recognised by the failures before them', () => {
    const foreign = withoutHost(retried);
    expect(foreign.filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(3);
    const match = matchActions(foreign, [activity('UnreliableWork', true)], DEFAULT_ORCHESTRATION_SETTINGS);
    expect(match.divergence).toBeUndefined();
    expect(match.replayed.map((e) => e.EventId)).toEqual([0]);
    // The same history against code that no longer retries: the second attempt is a call the code does not make.
    const plain = matchActions(foreign, [activity('UnreliableWork')], DEFAULT_ORCHESTRATION_SETTINGS);
    expect(plain.divergence).toMatchObject({ position: 1, recorded: { kind: 'TimerCreated', eventId: 1 } });
  });

  test('a long timer written elsewhere shows its hops; the first is matched, the later ones are follow-ups', () => {
    const final = T0 + 10 * DAY;
    const history = [
      event(EventType.OrchestratorStarted, T0),
      event(EventType.ExecutionStarted, T0, { Name: 'Waiter' }),
      event(EventType.TimerCreated, T0, { EventId: 0, FireAt: iso(T0 + 3 * DAY) }),
      event(EventType.OrchestratorCompleted, T0),
      event(EventType.OrchestratorStarted, T0 + 3 * DAY),
      event(EventType.TimerFired, T0 + 3 * DAY, { TimerId: 0, FireAt: iso(T0 + 3 * DAY) }),
      event(EventType.TimerCreated, T0 + 3 * DAY, { EventId: 1, FireAt: iso(T0 + 6 * DAY) }),
      event(EventType.OrchestratorCompleted, T0 + 3 * DAY),
      event(EventType.OrchestratorStarted, T0 + 6 * DAY),
      event(EventType.TimerFired, T0 + 6 * DAY, { TimerId: 1, FireAt: iso(T0 + 6 * DAY) }),
      event(EventType.TimerCreated, T0 + 6 * DAY, { EventId: 2, FireAt: iso(final) }),
      event(EventType.OrchestratorCompleted, T0 + 6 * DAY),
    ];
    expect(matchActions(history, [timer(final)], DEFAULT_ORCHESTRATION_SETTINGS)).toEqual({ replayed: [history[2]] });
    // After the final hop fired, a call the code makes next is matched as such.
    const done = [...history, event(EventType.OrchestratorStarted, final), event(EventType.TimerFired, final, { TimerId: 2, FireAt: iso(final) }), event(EventType.TaskScheduled, final, { EventId: 3, Name: 'AfterWait' })];
    expect(matchActions(done, [timer(final), activity('AfterWait')], DEFAULT_ORCHESTRATION_SETTINGS).replayed.map((e) => e.EventId)).toEqual([0, 3]);
    expect(matchActions(done, [timer(final), activity('Other')], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toMatchObject({ position: 1, recorded: { name: 'AfterWait' } });
  });

  const simple = [
    event(EventType.OrchestratorStarted, T0),
    event(EventType.ExecutionStarted, T0, { Name: 'Simple' }),
    event(EventType.TaskScheduled, T0, { EventId: 0, Name: 'First', Input: '"a"' }),
    event(EventType.TimerCreated, T0, { EventId: 1, FireAt: iso(T0 + 3600_000) }),
    event(EventType.EventSent, T0, { EventId: 2, Name: 'op', InstanceId: '@counter@hits', Input: JSON.stringify({ id: 'r1', op: 'add', signal: true, input: 5 }) }),
    event(EventType.OrchestratorCompleted, T0),
  ];
  const signal: OrchestratorAction = { actionType: ActionType.SignalEntity, instanceId: '@counter@hits', operation: 'add', input: 5 };

  test('the same calls replay; calls past the end of the history are new, not a divergence', () => {
    expect(matchActions(simple, [activity('first'), timer(T0 + 3600_000), signal], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toBeUndefined();
    const more = matchActions(simple, [activity('First'), timer(T0 + 3600_000), signal, activity('Later')], DEFAULT_ORCHESTRATION_SETTINGS);
    expect(more.divergence).toBeUndefined();
    expect(more.replayed).toHaveLength(3);
  });

  test('what differs is described: the recorded call with its input, the call now, a moved timer, a call no longer made', () => {
    expect(matchActions(simple, [activity('Second')], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toEqual({
      position: 0,
      historyIndex: 2,
      recorded: { kind: 'TaskScheduled', name: 'First', input: '"a"', eventId: 0 },
      current: { kind: 'CallActivity', name: 'Second' },
    });
    expect(matchActions(simple, [activity('First'), timer(T0 + 1800_000)], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toMatchObject({
      position: 1,
      timerMoved: true,
      recorded: { kind: 'TimerCreated', fireAt: iso(T0 + 3600_000) },
      current: { kind: 'CreateTimer', fireAt: iso(T0 + 1800_000) },
    });
    expect(matchActions(simple, [activity('First'), timer(T0 + 3600_000)], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toEqual({
      position: 2,
      historyIndex: 4,
      recorded: { kind: 'EventSent', name: 'add', instanceId: '@counter@hits', input: '5', eventId: 2 },
    });
    expect(matchActions(simple, [activity('First'), activity('Instead')], DEFAULT_ORCHESTRATION_SETTINGS).divergence).toMatchObject({
      position: 1,
      recorded: { kind: 'TimerCreated' },
      current: { kind: 'CallActivity', name: 'Instead' },
    });
  });
});
