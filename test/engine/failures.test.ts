import path from 'node:path';
import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';

const FAILURES_APP = path.join(__dirname, '..', 'fixtures', 'failures-app');

describe('whatever a function throws is a failure, with a message that says what was thrown', () => {
  let env: DurableTestEnvironment;
  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FAILURES_APP });
  });
  afterAll(() => env.dispose());

  test.each([
    ['undefined', /threw undefined/],
    ['null', /threw null/],
    ['string', /a plain string/],
    ['number', /threw number 42/],
    ['object', /not an Error: \{"code":"E_PLAIN","detail":"not an Error"\}/],
    ['error', /a real TypeError/],
    ['reject-undefined', /threw undefined/],
    ['reject-null', /threw null/],
  ])('an activity that throws %s has failed, and the orchestrator catches it', async (kind, message) => {
    const id = await env.start('CatchActivityFailure', kind);
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ caught: true, message: expect.stringMatching(message) });
    expect((status.output as { message: string }).message).toContain("Activity function 'ThrowValue' failed");
  });

  test.each([
    ['undefined', /undefined/],
    ['null', /null/],
    ['object', /E_PLAIN/],
  ])('an orchestrator that throws %s fails its instance', async (kind, message) => {
    const id = await env.start('ThrowFromOrchestrator', kind);
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(message);
  });

  test('an entity operation that throws undefined fails that operation and leaves the state as it was', async () => {
    const id = await env.start('CallThrower');
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ failure: expect.any(String), value: 1 });
  });
});

describe('a failure that would spin ends its instance instead', () => {
  let env: DurableTestEnvironment;
  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FAILURES_APP });
  });
  afterAll(() => env.dispose());

  test.each([
    ['a first retry interval of 1e16 ms', { first: 1e16 }, 1],
    ['a backoff coefficient of 1e308', { first: 1000, backoff: 1e308 }, 2],
  ])('a retry policy with %s fails the instance when its next wait cannot exist, naming the policy', async (_what, input, attempts) => {
    const id = await env.start('HugeRetryInterval', input);
    const status = await env.waitForCompletion(id);
    expect(env.getHistory(id).filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(attempts);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/retry policy of 'AlwaysFails'.*time that cannot exist/);
    expect(String(status.output)).toContain('it always fails');
    // Nothing is left to run: no timer, no retry.
    expect(env.nextTimerAt()).toBeUndefined();
  });
});

describe('an activity that runs long', () => {
  test('is not handed out again while it runs, however long (its lease outlives functionTimeout)', async () => {
    let release!: () => void;
    const probe = { calls: 0, released: new Promise<void>((resolve) => (release = resolve)) };
    (globalThis as unknown as { slowActivity: typeof probe }).slowActivity = probe;
    const env = await DurableTestEnvironment.create({ scriptRoot: FAILURES_APP });
    try {
      const id = await env.start('CallSlow');
      while (probe.calls === 0) await new Promise((r) => setTimeout(r, 5));
      // Ten virtual minutes pass while it runs (the default lease was five).
      env.clock.advance(10 * 60_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(probe.calls).toBe(1);
      release();
      expect((await env.waitForCompletion(id)).output).toBe('done');
      expect(probe.calls).toBe(1);
    } finally {
      release();
      await env.dispose();
    }
  });
});
