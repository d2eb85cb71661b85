import type { EntityId, OrchestrationContext } from 'durable-functions';

/** What the fake `context.df` methods return in place of real durable tasks, so a test can see what was scheduled. */
export type FakeTask =
  | { kind: 'activity'; name: string; input: unknown; retry?: unknown }
  | { kind: 'subOrchestration'; name: string; input: unknown; instanceId?: string; retry?: unknown }
  | { kind: 'event'; name: string; result?: unknown }
  | { kind: 'timer'; fireAt: Date; cancel: jest.Mock }
  | { kind: 'any'; tasks: FakeTask[] }
  | { kind: 'entityCall'; entity: string; key: string; operation: string; input: unknown }
  | { kind: 'entitySignal'; entity: string; key: string; operation: string; input: unknown }
  | { kind: 'lock'; entities: string[] };

export interface FakeOrchestration {
  context: OrchestrationContext;
  customStatuses: unknown[];
  scheduled: FakeTask[];
}

export const FAKE_NOW = new Date('2030-01-01T00:00:00.000Z');

/** An orchestration context whose `df` records each scheduling call and never touches a runtime. */
export function fakeOrchestrationContext(input: unknown, instanceId = 'fake-instance'): FakeOrchestration {
  const customStatuses: unknown[] = [];
  const scheduled: FakeTask[] = [];
  const record = <T extends FakeTask>(task: T): T => {
    scheduled.push(task);
    return task;
  };
  let guids = 0;
  const df = {
    instanceId,
    isReplaying: false,
    currentUtcDateTime: FAKE_NOW,
    getInput: () => input,
    setCustomStatus: (status: unknown) => customStatuses.push(status),
    callActivity: (name: string, activityInput: unknown) => record({ kind: 'activity', name, input: activityInput }),
    callActivityWithRetry: (name: string, retry: unknown, activityInput: unknown) =>
      record({ kind: 'activity', name, input: activityInput, retry }),
    callSubOrchestrator: (name: string, childInput: unknown, childId?: string) =>
      record({ kind: 'subOrchestration', name, input: childInput, instanceId: childId }),
    callSubOrchestratorWithRetry: (name: string, retry: unknown, childInput: unknown, childId?: string) =>
      record({ kind: 'subOrchestration', name, input: childInput, instanceId: childId, retry }),
    waitForExternalEvent: (name: string) => record({ kind: 'event', name }),
    createTimer: (fireAt: Date) => record({ kind: 'timer', fireAt, cancel: jest.fn() }),
    Task: { any: (tasks: FakeTask[]) => ({ kind: 'any', tasks }) },
    callEntity: (entityId: EntityId, operation: string, entityInput?: unknown) =>
      record({ kind: 'entityCall', entity: entityId.name, key: entityId.key, operation, input: entityInput }),
    // Recorded but not returned: a signal is fire-and-forget, nothing is yielded for it.
    signalEntity: (entityId: EntityId, operation: string, entityInput?: unknown) => {
      record({ kind: 'entitySignal', entity: entityId.name, key: entityId.key, operation, input: entityInput });
    },
    lock: (...entityIds: EntityId[]) => record({ kind: 'lock', entities: entityIds.map((id) => `${id.name}@${id.key}`) }),
    newGuid: () => `00000000-0000-0000-0000-${String(++guids).padStart(12, '0')}`,
  };
  const log = { trace: jest.fn(), debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), log: jest.fn() };
  const context = { ...log, df } as unknown as OrchestrationContext;
  return { context, customStatuses, scheduled };
}

/** How a test answers one yielded task: with a value sent back into the generator, or an error thrown into it. */
export type TaskOutcome = { value: unknown } | { error: unknown };

/** Drives an orchestrator generator to its end, asking `answer` for the outcome of each task it yields. */
export async function runOrchestrator(
  generator: Generator<unknown, unknown, unknown>,
  answer: (task: FakeTask) => TaskOutcome | Promise<TaskOutcome>,
): Promise<unknown> {
  let step = generator.next();
  while (!step.done) {
    const outcome = await answer(step.value as FakeTask);
    step = 'error' in outcome ? generator.throw(outcome.error) : generator.next(outcome.value);
  }
  return step.value;
}
