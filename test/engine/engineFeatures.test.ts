import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';
import { SAMPLES_APP, samplesFixture } from '../support/samplesApp';

const DAY = 24 * 3600_000;

describe('engine features on the virtual clock', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: SAMPLES_APP });
  });

  afterAll(async () => {
    await env.dispose();
  });

  test('fan-out/fan-in over 1,000 activities completes with every result', async () => {
    const id = await env.start('BackupSiteContent', { files: 1000 });
    const status = await env.waitForCompletion(id);
    const expected = Array.from({ length: 1000 }, (_, i) => `file-${i}.txt`.length * 100).reduce((a, b) => a + b, 0);
    expect(status.output).toEqual({ files: 1000, bytes: expected });
    expect(env.getHistory(id).filter((e) => e.EventType === EventType.TaskCompleted)).toHaveLength(1001);
  });

  test('continue-as-new: events that arrive together are carried into the next execution, none lost', async () => {
    const id = await env.start('ContinueAsNewCounter', { count: 0, target: 6 });
    await env.raiseEvent(id, 'Add', 1);
    await env.raiseEvent(id, 'Add', 2);
    await env.raiseEvent(id, 'Add', 3);
    const status = await env.waitForCompletion(id);
    expect(status.output).toBe(6);
  });

  test('a sub-orchestration runs under an explicit instance id, and a failing one reaches the parent catch', async () => {
    const id = await env.start('CallSubOrchestrator', { childId: 'explicit-child', key: 'sub-fail', failures: 99 });
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual({ caught: expect.stringContaining('child failure 1 for sub-fail') });
    expect(env.getStatus('explicit-child')).toMatchObject({ runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
  });

  test('a suspended instance holds its events until it is resumed', async () => {
    const id = await env.start('WaitForEvent');
    await env.runUntilIdle();
    await env.suspend(id, 'maintenance');
    await env.runUntilIdle();
    expect(env.getStatus(id)!.runtimeStatus).toBe('Suspended');
    await env.raiseEvent(id, 'Go', 42);
    await env.runUntilIdle();
    expect(env.getStatus(id)!.runtimeStatus).toBe('Suspended');
    await env.resume(id, 'done');
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual({ received: 42 });
  });

  test('rewind takes a failed instance back and runs only the failed activity again', async () => {
    const id = await env.start('RewindMe', 'rewind-key');
    const failed = await env.waitForCompletion(id);
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.output).toEqual(expect.stringContaining('first run of rewind-key fails'));

    await env.rewind(id, 'fixed it');
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual(['Hello before!', 'second run of rewind-key succeeds']);
    const scheduled = env.getHistory(id).filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.Name);
    expect(scheduled).toEqual(['SayHello', 'FailOnce']);
    await expect(env.rewind(id, 'again')).rejects.toMatchObject({ status: 410 });
  });

  test('restart runs the orchestration again with its input, under a new id or the same finished one', async () => {
    const id = await env.start('HelloSequence', undefined, { instanceId: 'restart-me' });
    await env.waitForCompletion(id);
    const fresh = await env.restart(id, { newInstanceId: 'restart-me-2' });
    expect((await env.waitForCompletion(fresh)).output).toHaveLength(3);
    const same = await env.restart(id);
    expect(same).toBe('restart-me');
    expect((await env.waitForCompletion('restart-me')).runtimeStatus).toBe('Completed');
  });

  test('an instance id that is pending, running or suspended cannot be started again (the 500 the extension answers); a finished one is replaced', async () => {
    const id = await env.start('WaitForEvent', undefined, { instanceId: 'reuse-me' });
    expect(env.getStatus(id)!.runtimeStatus).toBe('Pending');
    await expect(env.start('WaitForEvent', undefined, { instanceId: id })).rejects.toMatchObject({ status: 500 });
    await env.runUntilIdle();
    await expect(env.start('HelloSequence', undefined, { instanceId: id })).rejects.toMatchObject({ status: 500, message: expect.stringContaining('Running') });
    await env.suspend(id);
    await env.runUntilIdle();
    await expect(env.start('HelloSequence', undefined, { instanceId: id })).rejects.toMatchObject({ message: expect.stringContaining('Suspended') });
    await env.terminate(id, 'make room');
    await env.waitForCompletion(id);
    await env.start('HelloSequence', undefined, { instanceId: id });
    const replaced = await env.waitForCompletion(id);
    expect(replaced).toMatchObject({ name: 'HelloSequence', runtimeStatus: 'Completed' });
    expect(env.getHistory(id).filter((e) => e.EventType === EventType.ExecutionStarted)).toEqual([expect.objectContaining({ Name: 'HelloSequence' })]);
  });

  test('a custom status over 16 KB fails the instance with a clear message', async () => {
    const id = await env.start('HugeCustomStatus');
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toEqual(expect.stringContaining('the limit is 16384 bytes (16 KB)'));
  });

  test('a timer of 30 days fires in virtual time, in hops no longer than the SDK allows, in well under a second', async () => {
    const realStart = Date.now();
    const start = env.now().getTime();
    const id = await env.start('LongTimer', 30);
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual({ firedAt: new Date(start + 30 * DAY).toISOString() });
    expect(Date.now() - realStart).toBeLessThan(1000);
    const hops = env.getHistory(id).filter((e) => e.EventType === EventType.TimerCreated);
    expect(hops.length).toBeGreaterThan(5);
    for (let i = 1; i < hops.length; i++) expect(Date.parse(hops[i].FireAt!) - Date.parse(hops[i - 1].FireAt!)).toBeLessThanOrEqual(6 * DAY);
  });

  test('newGuid and currentUtcDateTime give the same values on every replay', async () => {
    const id = await env.start('DeterminismProbe');
    await env.runUntilIdle();
    const recorded = env.getStatus(id)!.customStatus as { guid: string; time: string };
    expect(recorded.guid).toMatch(/^[0-9a-f-]{36}$/);
    await env.advanceTime('2h');
    await env.raiseEvent(id, 'Continue');
    const status = await env.waitForCompletion(id);
    const output = status.output as { first: { guid: string; time: string }; second: { guid: string; time: string } };
    expect(output.first).toEqual(recorded);
    expect(output.second.guid).not.toBe(recorded.guid);
    expect(Date.parse(output.second.time) - Date.parse(recorded.time)).toBe(2 * 3600_000);
  });

  describe('non-determinism', () => {
    afterEach(() => {
      samplesFixture().activityName = 'SayHello';
      samplesFixture().skipFirstCall = false;
    });

    test('a renamed activity fails the instance with the expected and actual call and their position', async () => {
      const id = await env.start('ChangingOrchestrator');
      await env.runUntilIdle();
      samplesFixture().activityName = 'SayGoodbye';
      await env.raiseEvent(id, 'Continue');
      const status = await env.waitForCompletion(id);
      expect(status.runtimeStatus).toBe('Failed');
      expect(status.output).toEqual(expect.stringContaining("at position 0 the history has TaskScheduled 'SayHello', but the orchestrator now schedules CallActivity 'SayGoodbye'"));
    });

    test('a removed call fails the instance instead of hanging', async () => {
      const id = await env.start('ChangingOrchestrator');
      await env.runUntilIdle();
      samplesFixture().skipFirstCall = true;
      await env.raiseEvent(id, 'Continue');
      const status = await env.waitForCompletion(id);
      expect(status.runtimeStatus).toBe('Failed');
      expect(status.output).toEqual(
        expect.stringContaining("Non-deterministic workflow detected: at position 0 the history has TaskScheduled 'SayHello', but the orchestrator no longer schedules it"),
      );
    });
  });

  test("a failed instance's output carries the activity's message and its stack", async () => {
    const id = await env.start('RewindMe', 'stack-key');
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual(expect.stringContaining('first run of stack-key fails'));
    expect(status.output).toEqual(expect.stringMatching(/\n\s+at .*engineProbes\.js/));
  });

  test('purge by filter removes only finished instances; by id any', async () => {
    const done = await env.start('HelloSequence', undefined, { instanceId: 'purge-done' });
    await env.waitForCompletion(done);
    const waiting = await env.start('WaitForEvent', undefined, { instanceId: 'purge-waiting' });
    await env.runUntilIdle();
    expect(env.listInstances({ instanceIdPrefix: 'purge-' }).map((i) => [i.instanceId, i.runtimeStatus])).toEqual([
      ['purge-done', 'Completed'],
      ['purge-waiting', 'Running'],
    ]);
    const deleted = await env.purgeInstances({ runtimeStatus: ['Completed', 'Running'] });
    expect(deleted).toBeGreaterThan(0);
    expect(env.getStatus(done)).toBeUndefined();
    expect(env.getStatus(waiting)!.runtimeStatus).toBe('Running');
    // A purge by id takes a running instance too, as the extension does on Azure Storage.
    expect(await env.purge(waiting)).toBe(1);
    expect(env.listInstances({ instanceIdPrefix: 'purge-' })).toEqual([]);
    await expect(env.purge(waiting)).rejects.toMatchObject({ name: 'DurableClientError', status: 404 });
  });
});
