jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import '../../functions/reliable';
import { forgetUnreliableWorkAttempts } from '../../functions/reliable/unreliableWork';
import { FakeTask, fakeOrchestrationContext, runOrchestrator, TaskOutcome } from '../support/fakes/fakeOrchestrationContext';
import { registeredActivity, registeredOrchestrator } from '../support/fakes/registeredDurableFunctions';

beforeEach(forgetUnreliableWorkAttempts);

/** Runs ReliableOrchestration, executing each activity call once (retries are the runtime's job, not the orchestrator's). */
function runReliable(input: unknown) {
  const fake = fakeOrchestrationContext(input, 'reliable-1');
  const answer = async (task: FakeTask): Promise<TaskOutcome> => {
    if (task.kind !== 'activity') {
      throw new Error(`Unexpected task ${JSON.stringify(task)}`);
    }
    try {
      return { value: await registeredActivity(task.name)(task.input, undefined) };
    } catch (error) {
      return { error };
    }
  };
  const result = runOrchestrator(registeredOrchestrator('ReliableOrchestration')(fake.context), answer);
  return { result, scheduled: fake.scheduled };
}

describe('ReliableOrchestration', () => {
  test('calls UnreliableActivity with 3 attempts, 5 s apart, and returns its result', async () => {
    const { result, scheduled } = runReliable({ key: 'k1' });
    await expect(result).resolves.toEqual({ key: 'k1', attempts: 1 });
    expect(scheduled).toEqual([
      {
        kind: 'activity',
        name: 'UnreliableActivity',
        input: { key: 'k1', failuresBeforeSuccess: 0 },
        retry: expect.objectContaining({ maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 5000 }),
      },
    ]);
  });

  test('fails with the activity error when the retried call finally fails', async () => {
    const { result } = runReliable({ key: 'k2', failuresBeforeSuccess: 5 });
    await expect(result).rejects.toThrow('Simulated failure 1 of 5 for key "k2".');
  });

  test('uses the instance id as the key when started without input', async () => {
    const { result } = runReliable(undefined);
    await expect(result).resolves.toEqual({ key: 'reliable-1', attempts: 1 });
  });

  test('fails at once on a malformed input, scheduling nothing', async () => {
    const { result, scheduled } = runReliable({ key: 'k3', failuresBeforeSuccess: -1 });
    await expect(result).rejects.toThrow(/failuresBeforeSuccess/);
    expect(scheduled).toEqual([]);
  });
});
