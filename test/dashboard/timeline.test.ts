import { buildTimeline } from '../../dashboard/src/timeline';

const t0 = Date.parse('2026-05-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();

describe("the dashboard's timeline of a history", () => {
  test('activities, sub-orchestrations and fired timers run from their scheduling event to the one that finished them', () => {
    const timeline = buildTimeline(
      [
        { EventType: 'ExecutionStarted', Timestamp: at(0), Name: 'Order' },
        { EventType: 'TaskScheduled', EventId: 0, Timestamp: at(10), Name: 'Validate' },
        { EventType: 'TaskCompleted', TaskScheduledId: 0, Timestamp: at(110) },
        { EventType: 'TimerCreated', EventId: 1, Timestamp: at(120), FireAt: at(620) },
        { EventType: 'TimerFired', TimerId: 1, Timestamp: at(621), FireAt: at(620) },
        { EventType: 'SubOrchestrationInstanceCreated', EventId: 2, Timestamp: at(630), Name: 'Ship', InstanceId: 'o-1:2' },
        { EventType: 'SubOrchestrationInstanceFailed', TaskScheduledId: 2, Timestamp: at(900) },
        { EventType: 'ExecutionCompleted', Timestamp: at(1000), OrchestrationStatus: 'Failed' },
      ],
      t0 + 60_000,
    );
    expect(timeline).toMatchObject({ start: t0, end: t0 + 1000 });
    expect(timeline.spans.map((s) => [s.kind, s.label, s.start - t0, s.end - t0, s.state])).toEqual([
      ['orchestration', 'Order', 0, 1000, 'failed'],
      ['activity', 'Validate', 10, 110, 'completed'],
      ['timer', 'timer', 120, 621, 'completed'],
      ['suborchestration', 'Ship', 630, 900, 'failed'],
    ]);
    expect(timeline.spans[3].instanceId).toBe('o-1:2');
  });

  test('while the instance runs, what is pending stays open up to now, and a raised event is a point', () => {
    const now = t0 + 5000;
    const timeline = buildTimeline(
      [
        { EventType: 'ExecutionStarted', Timestamp: at(0), Name: 'Approval' },
        { EventType: 'TimerCreated', EventId: 0, Timestamp: at(5), FireAt: at(72 * 3600_000) },
        { EventType: 'TaskScheduled', EventId: 1, Timestamp: at(6), Name: 'Notify' },
        { EventType: 'EventRaised', Timestamp: at(4000), Name: 'ApprovalReceived' },
      ],
      now,
    );
    expect(timeline.end).toBe(now);
    expect(timeline.spans.map((s) => [s.kind, s.label, s.end - t0, s.state])).toEqual([
      ['orchestration', 'Approval', 5000, 'open'],
      ['timer', 'timer', 5000, 'open'],
      ['activity', 'Notify', 5000, 'open'],
      ['event', 'ApprovalReceived', 4000, 'completed'],
    ]);
    expect(timeline.spans[1].fireAt).toBe(t0 + 72 * 3600_000);
  });

  test('a timer the instance stopped waiting for is cancelled when it ends; a terminated instance says so', () => {
    const timeline = buildTimeline(
      [
        { EventType: 'ExecutionStarted', Timestamp: at(0), Name: 'Race' },
        { EventType: 'TimerCreated', EventId: 0, Timestamp: at(1), FireAt: at(86_400_000) },
        { EventType: 'ExecutionTerminated', Timestamp: at(300) },
      ],
      t0 + 10_000,
    );
    expect(timeline.spans.map((s) => [s.kind, s.end - t0, s.state])).toEqual([
      ['orchestration', 300, 'terminated'],
      ['timer', 300, 'cancelled'],
    ]);
  });

  test("the extension's condensed history: each completion is a span from its ScheduledTime, timers are matched by their due time", () => {
    const timeline = buildTimeline(
      [
        { EventType: 'ExecutionStarted', Timestamp: at(0), FunctionName: 'Order' },
        { EventType: 'TaskCompleted', Timestamp: at(110), FunctionName: 'Validate', ScheduledTime: at(10) },
        { EventType: 'TimerCreated', Timestamp: at(120), FireAt: at(620) },
        { EventType: 'TimerFired', Timestamp: at(621), FireAt: at(620) },
        { EventType: 'SubOrchestrationInstanceFailed', Timestamp: at(900), FunctionName: 'Ship', ScheduledTime: at(630) },
        { EventType: 'TaskScheduled', Timestamp: at(950), Name: 'Notify' },
        { EventType: 'ExecutionCompleted', Timestamp: at(1000), OrchestrationStatus: 'Failed' },
      ],
      t0 + 60_000,
    );
    expect(timeline.spans.map((s) => [s.kind, s.label, s.start - t0, s.end - t0, s.state])).toEqual([
      ['orchestration', 'Order', 0, 1000, 'failed'],
      ['activity', 'Validate', 10, 110, 'completed'],
      ['timer', 'timer', 120, 621, 'completed'],
      ['suborchestration', 'Ship', 630, 900, 'failed'],
      ['activity', 'Notify', 950, 1000, 'open'],
    ]);
  });
});
