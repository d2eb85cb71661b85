import { DurableTestEnvironment } from '../../src/testing';
import { HostLogger } from '../../src/host/logging/HostLogger';
import type { LogLevel } from '../../src/host/logging/LogLevel';
import { SAMPLES_APP } from '../support/samplesApp';

async function withLog(durableTaskLevel: LogLevel, run: (env: DurableTestEnvironment) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  // Only the extension's category is shown, at the level under test.
  const logger = new HostLogger({ default: 'none', categories: { 'Host.Triggers.DurableTask': durableTaskLevel } }, (line) => lines.push(line.replace(/^\[[^\]]+\] /, '')));
  const env = await DurableTestEnvironment.create({ scriptRoot: SAMPLES_APP, logger });
  try {
    await run(env);
  } finally {
    await env.dispose();
  }
  return lines;
}

const tail = String.raw` HubName: SamplesHub\. AppName: \. SlotName: \. ExtensionVersion: durable-host\. SequenceNumber: \d+\.`;

describe("the Durable extension's lifecycle lines under Host.Triggers.DurableTask", () => {
  test('an orchestration and its activities: scheduled, started, awaited, completed, once each and never for a replay', async () => {
    const lines = await withLog('information', async (env) => {
      await env.waitForCompletion(await env.start('HelloSequence', undefined, { instanceId: 'log-hello' }));
    });
    const mine = lines.filter((l) => l.startsWith('log-hello: '));
    expect(mine[0]).toMatch(new RegExp(String.raw`^log-hello: Function 'HelloSequence \(Orchestrator\)' scheduled\. Reason: NewInstance\. IsReplay: False\. State: Scheduled\. RuntimeStatus: Pending\.${tail}$`));
    expect(mine[1]).toMatch(
      new RegExp(String.raw`^log-hello: Function 'HelloSequence \(Orchestrator\)' started\. IsReplay: False\. Input: \(Redacted 0 characters\)\. State: Started\. RuntimeStatus: Running\.${tail} TaskEventId: -1$`),
    );
    const kinds = mine.map((l) => /Function '([^']+)' (\w+)/.exec(l)!.slice(1).join(' '));
    expect(kinds).toEqual([
      'HelloSequence (Orchestrator) scheduled',
      'HelloSequence (Orchestrator) started',
      'SayHello (Activity) scheduled',
      'HelloSequence (Orchestrator) awaited',
      'SayHello (Activity) started',
      'SayHello (Activity) completed',
      'SayHello (Activity) scheduled',
      'HelloSequence (Orchestrator) awaited',
      'SayHello (Activity) started',
      'SayHello (Activity) completed',
      'SayHello (Activity) scheduled',
      'HelloSequence (Orchestrator) awaited',
      'SayHello (Activity) started',
      'SayHello (Activity) completed',
      'HelloSequence (Orchestrator) completed',
    ]);
    expect(mine.find((l) => l.includes("'SayHello (Activity)' completed"))).toMatch(/Output: \(Redacted 14 characters\)\. State: Completed\. RuntimeStatus: Completed\..* TaskEventId: 0$/);
  });

  test('failures are errors and terminations warnings: at Warning only they remain', async () => {
    const lines = await withLog('warning', async (env) => {
      const failing = await env.start('RewindMe', 'log-fail-key', { instanceId: 'log-fail' });
      await env.waitForCompletion(failing);
      const waiting = await env.start('WaitForEvent', undefined, { instanceId: 'log-term' });
      await env.runUntilIdle();
      await env.terminate(waiting, 'enough');
      await env.waitForCompletion(waiting);
    });
    expect(lines).toEqual([
      expect.stringMatching(/^log-fail: Function 'FailOnce \(Activity\)' failed with an error\. Reason: Activity function 'FailOnce' failed: first run of log-fail-key fails\. IsReplay: False\. State: Failed\. RuntimeStatus: Failed\./),
      expect.stringMatching(/^log-fail: Function 'RewindMe \(Orchestrator\)' failed with an error\. Reason: Orchestrator function 'RewindMe' failed: /),
      expect.stringMatching(/^log-term: Function 'WaitForEvent \(Orchestrator\)' was terminated\. Reason: enough\. State: Terminated\. RuntimeStatus: Terminated\./),
    ]);
  });

  test('entity operations and client signals', async () => {
    const lines = await withLog('information', async (env) => {
      await fetch(`${env.url}/runtime/webhooks/durabletask/entities/SampleCounter/log-e?op=add`, { method: 'POST', body: '2', headers: { 'content-type': 'application/json' } });
      await env.runUntilIdle();
    });
    expect(lines).toEqual([
      expect.stringMatching(/^@samplecounter@log-e: Function 'SampleCounter \(Entity\)' scheduled\. Reason: EntitySignal:add\./),
      expect.stringMatching(/^@samplecounter@log-e: Function 'SampleCounter \(Entity\)' completed 'add' operation [0-9a-f-]{36} in \d+ms\. IsReplay: False\. Input: \(Redacted 1 characters\)\./),
    ]);
  });
});
