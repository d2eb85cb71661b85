import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { HostLogger } from '../../src/host/logging/HostLogger';
import { FIDELITY_APP } from '../support/fidelityApp';

const SETTINGS = ['AzureWebJobs.SwitchedOffActivity.Disabled', 'AzureWebJobs__SwitchedOffEntity__Disabled', 'AzureWebJobs.SwitchedOffOrchestrator.Disabled'];

describe('AzureWebJobs.<name>.Disabled turns off activities, entities and orchestrators too', () => {
  let env: DurableTestEnvironment;
  const lines: string[] = [];

  beforeAll(async () => {
    for (const name of SETTINGS) process.env[name] = 'true';
    env = await DurableTestEnvironment.create({
      scriptRoot: FIDELITY_APP,
      entryFiles: [path.join(FIDELITY_APP, 'functions', 'disabled.js')],
      logger: new HostLogger({ default: 'information', categories: {} }, (line) => lines.push(line)),
    });
  });

  afterAll(async () => {
    await env.dispose();
    for (const name of SETTINGS) delete process.env[name];
  });

  test('the host says at start which durable functions are off', () => {
    for (const name of ['SwitchedOffActivity', 'SwitchedOffEntity', 'SwitchedOffOrchestrator']) {
      expect(lines.some((l) => l.includes(`Function '${name}' is disabled by the app setting AzureWebJobs.${name}.Disabled.`))).toBe(true);
    }
  });

  test('calling a disabled activity fails the calling orchestration, as the extension refuses to schedule it (no catch sees it)', async () => {
    const id = await env.start('CallsSwitchedOffActivity');
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe(
      "Orchestrator function 'CallsSwitchedOffActivity' failed: The function 'SwitchedOffActivity' doesn't exist, is disabled, or is not an activity function. " +
        'Additional info: No activity functions are currently registered!',
    );
  });

  test('signalling a disabled entity from an orchestration fails it; from a client it is a 400', async () => {
    const id = await env.start('SignalsSwitchedOffEntity');
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatch(/The function 'switchedoffentity' doesn't exist, is disabled, or is not an entity function\. Additional info: No entity functions are currently registered!$/);
    const res = await fetch(`${env.url}/runtime/webhooks/durabletask/entities/SwitchedOffEntity/k?op=set`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Message: string }).Message).toMatch(/^The function 'SwitchedOffEntity' doesn't exist, is disabled/);
  });

  test('starting a disabled orchestrator is refused with 400, as an unknown one', async () => {
    const res = await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/SwitchedOffOrchestrator`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { ExceptionMessage: string }).ExceptionMessage).toMatch(/^The function 'SwitchedOffOrchestrator' doesn't exist, is disabled, or is not an orchestrator function\. Additional info: The following are the known orchestrator functions: 'CallsSwitchedOffActivity', 'SignalsSwitchedOffEntity'\.$/);
  });
});
