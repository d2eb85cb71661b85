jest.mock('durable-functions', () => {
  const actual = jest.requireActual('durable-functions');
  return { ...actual, app: { ...actual.app, client: { ...actual.app.client, timer: jest.fn(), storageQueue: jest.fn() } } };
});

import { InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { purgeTimer, queueStarter, scheduledRunTime, scheduledStarter, startUnlessRunning, utcHourStamp } from '../../src/extension';
import { fakeDurableClient } from '../support/fakes/fakeDurableClient';

function context(triggerMetadata?: Record<string, unknown>) {
  const lines: string[] = [];
  const ctx = new InvocationContext({
    functionName: 'Starter',
    invocationId: 'inv-1',
    triggerMetadata,
    logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`),
  });
  return { ctx, lines };
}

function timer(next: string | null, isPastDue = false): Timer {
  return {
    isPastDue,
    schedule: { adjustForDST: true },
    scheduleStatus: next === null ? (null as unknown as Timer['scheduleStatus']) : { last: '0001-01-01T00:00:00.000Z', next, lastUpdated: next },
  };
}

/** The handler a factory gave to df.app.client.<kind>, by function name. */
function handlerOf(kind: 'timer' | 'storageQueue', name: string) {
  const call = jest.mocked(df.app.client[kind]).mock.calls.find(([registered]) => registered === name);
  if (!call) throw new Error(`No ${kind} function ${name} was registered.`);
  return call[1] as unknown as { handler: (trigger: unknown, client: df.DurableClient, context: InvocationContext) => Promise<void>; [option: string]: unknown };
}

// What the durable client throws when the extension refuses a start over a running id.
const conflict = new Error(
  'The operation failed with an unexpected status code: 500. Details: {"Message":"Something went wrong while processing your request",' +
    '"ExceptionMessage":"An Orchestration instance with the status Running already exists.","ExceptionType":"DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException"}',
);

describe('startUnlessRunning', () => {
  test('starts the orchestration under the id when there is no such instance', async () => {
    const client = fakeDurableClient();
    expect(await startUnlessRunning(client, 'Job', 'job-1', { a: 1 })).toEqual({ started: true, instanceId: 'job-1' });
    expect(client.startNew).toHaveBeenCalledWith('Job', { instanceId: 'job-1', input: { a: 1 } });
  });

  test.each(['Running', 'Pending', 'Suspended', 'ContinuedAsNew'])('leaves a %s instance alone and says so', async (runtimeStatus) => {
    const client = fakeDurableClient({ 'job-1': { runtimeStatus } });
    expect(await startUnlessRunning(client, 'Job', 'job-1')).toEqual({ started: false, instanceId: 'job-1', runtimeStatus });
    expect(client.startNew).not.toHaveBeenCalled();
  });

  test.each(['Completed', 'Failed', 'Terminated'])('replaces a %s instance, as the Durable runtime allows', async (runtimeStatus) => {
    const client = fakeDurableClient({ 'job-1': { runtimeStatus } });
    expect(await startUnlessRunning(client, 'Job', 'job-1')).toMatchObject({ started: true });
  });

  test('a start that loses the race to another starter (refused with a 500) counts as running; other errors are not swallowed', async () => {
    const instances: Record<string, { runtimeStatus: string }> = {};
    const client = fakeDurableClient(instances);
    client.startNew.mockImplementationOnce(async () => {
      instances['job-1'] = { runtimeStatus: 'Pending' };
      throw conflict;
    });
    expect(await startUnlessRunning(client, 'Job', 'job-1')).toEqual({ started: false, instanceId: 'job-1', runtimeStatus: 'Pending' });
    client.startNew.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    await expect(startUnlessRunning(client, 'Job', 'job-2')).rejects.toThrow('ECONNREFUSED');
  });
});

describe('scheduledRunTime', () => {
  test('is the occurrence the run fires for, past due too, and now for a run by hand', () => {
    expect(scheduledRunTime(timer('2026-01-01T13:00:00.000Z')).toISOString()).toBe('2026-01-01T13:00:00.000Z');
    expect(scheduledRunTime(timer('2026-01-01T13:00:00.000Z', true)).toISOString()).toBe('2026-01-01T13:00:00.000Z');
    const before = Date.now();
    expect(scheduledRunTime(timer(null)).getTime()).toBeGreaterThanOrEqual(before);
  });

  test('utcHourStamp is yyyyMMddHH in UTC', () => {
    expect(utcHourStamp(new Date('2026-03-09T07:59:59.999Z'))).toBe('2026030907');
  });
});

describe('scheduledStarter', () => {
  scheduledStarter('HourlyStarter', {
    schedule: '0 0 * * * *',
    orchestration: 'HourlyJob',
    instanceId: (runTime) => `hourly-${utcHourStamp(runTime)}`,
    input: (runTime) => ({ hour: runTime.toISOString() }),
  });

  test('registers a timer with the schedule', () => {
    expect(handlerOf('timer', 'HourlyStarter')).toMatchObject({ schedule: '0 0 * * * *' });
  });

  test('starts the orchestration under the id of the occurrence, with its input', async () => {
    const client = fakeDurableClient();
    const { ctx, lines } = context();
    await handlerOf('timer', 'HourlyStarter').handler(timer('2026-01-01T13:00:00.000Z'), client, ctx);
    expect(client.startNew).toHaveBeenCalledWith('HourlyJob', { instanceId: 'hourly-2026010113', input: { hour: '2026-01-01T13:00:00.000Z' } });
    expect(lines).toEqual([expect.stringMatching(/^information: Started HourlyJob as hourly-2026010113/)]);
  });

  test('a second start in the same hour while the first runs logs that it is already running and does not fail', async () => {
    const client = fakeDurableClient({ 'hourly-2026010113': { runtimeStatus: 'Running' } });
    const { ctx, lines } = context();
    await expect(handlerOf('timer', 'HourlyStarter').handler(timer('2026-01-01T13:00:00.000Z'), client, ctx)).resolves.toBeUndefined();
    expect(client.startNew).not.toHaveBeenCalled();
    expect(lines).toEqual(['information: HourlyJob hourly-2026010113 is already running (Running); not starting another.']);
  });
});

describe('queueStarter', () => {
  queueStarter<{ id: string }>('JobQueueStarter', {
    queueName: 'jobs',
    orchestration: 'Job',
    parse: (message) => {
      const id = (message as { id?: unknown })?.id;
      if (typeof id !== 'string') throw new Error('a job message needs an id');
      return { id };
    },
    instanceId: (input) => `job-${input.id}`,
  });

  test('registers a queue function on the queue and the default connection', () => {
    expect(handlerOf('storageQueue', 'JobQueueStarter')).toMatchObject({ queueName: 'jobs', connection: 'AzureWebJobsStorage' });
  });

  test('starts one instance per message under the id from its input', async () => {
    const client = fakeDurableClient();
    await handlerOf('storageQueue', 'JobQueueStarter').handler({ id: '7' }, client, context().ctx);
    expect(client.startNew).toHaveBeenCalledWith('Job', { instanceId: 'job-7', input: { id: '7' } });
  });

  test('a duplicate for a running instance is logged and dropped, not an error', async () => {
    const client = fakeDurableClient({ 'job-7': { runtimeStatus: 'Running' } });
    const { ctx, lines } = context();
    await expect(handlerOf('storageQueue', 'JobQueueStarter').handler({ id: '7' }, client, ctx)).resolves.toBeUndefined();
    expect(lines).toEqual(['information: Job job-7 is already running (Running); the duplicate message is dropped.']);
  });

  test('a message parse refuses fails with its reason, the message id and the attempt logged', async () => {
    const client = fakeDurableClient();
    const { ctx, lines } = context({ id: 'm-1', dequeueCount: 2 });
    await expect(handlerOf('storageQueue', 'JobQueueStarter').handler('junk', client, ctx)).rejects.toThrow('a job message needs an id');
    expect(lines).toEqual(["error: Message m-1 (attempt 2) on 'jobs' is refused: a job message needs an id"]);
    expect(client.startNew).not.toHaveBeenCalled();
  });
});

describe('purgeTimer', () => {
  purgeTimer('Cleanup', { schedule: '0 0 2 * * *', olderThan: '30d' });

  test('purges finished instances created more than the retention before the occurrence, and logs how many', async () => {
    const client = fakeDurableClient();
    const purge = jest.fn(async () => ({ instancesDeleted: 4 }));
    Object.assign(client, { purgeInstanceHistoryBy: purge });
    const { ctx, lines } = context();
    await handlerOf('timer', 'Cleanup').handler(timer('2026-02-01T02:00:00.000Z'), client, ctx);
    expect(purge).toHaveBeenCalledWith({
      createdTimeFrom: new Date(0),
      createdTimeTo: new Date('2026-01-02T02:00:00.000Z'),
      runtimeStatus: ['Completed', 'Failed', 'Terminated'],
    });
    expect(lines).toEqual(['information: Purged 4 instance(s) (Completed, Failed, Terminated) created before 2026-01-02T02:00:00.000Z.']);
  });

  test('a retention that is not a duration stops the app at load', () => {
    expect(() => purgeTimer('BadCleanup', { schedule: '0 0 2 * * *', olderThan: 'a month' })).toThrow(/Invalid duration "a month"/);
  });
});
