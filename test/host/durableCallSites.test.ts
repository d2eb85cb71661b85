import path from 'node:path';
import { OrchestrationPayloadCodec } from '../../src/host/durable/protocol/orchestrationPayload';
import { numberedActions } from '../../src/host/durable/protocol/actions';
import { DEFAULT_ORCHESTRATION_SETTINGS } from '../../src/host/durable/runtime/OrchestrationRuntimeState';
import { HostLogger } from '../../src/host/logging/HostLogger';
import { readHistoryFile } from '../../src/host/verify/HistoryFile';
import type { InstanceRecord } from '../../src/host/durable/model/instance';
import { FunctionInvoker } from '../../src/host/worker/FunctionInvoker';
import { workerState } from '../../src/host/worker/functionsCore';
import { loadApp } from '../../src/host/worker/loadApp';
import type { AppFunctions } from '../../src/host/worker/AppFunctions';
import { type BuiltApp, VERIFY_APP_HISTORIES, buildVerifyApp, lineOf } from '../support/verifyApp';

describe('call-site capture, an invocation option of the in-process invoker', () => {
  let app: BuiltApp;
  let functions: AppFunctions;
  let invoker: FunctionInvoker;
  const codec = new OrchestrationPayloadCodec(DEFAULT_ORCHESTRATION_SETTINGS);
  const file = readHistoryFile(path.join(VERIFY_APP_HISTORIES, 'fanout-cooling.json'));
  const payload = codec.encode({ instanceId: file.instanceId, input: null, parentInstanceId: null } as InstanceRecord, file.history.map((e) => JSON.stringify(e)), [], true);

  beforeAll(async () => {
    app = buildVerifyApp();
    functions = await loadApp([path.join(app.root, 'functions', 'activities.js'), path.join(app.root, 'functions', 'fanout.js')]);
    invoker = new FunctionInvoker(workerState(), HostLogger.silent());
  });

  afterAll(() => app.remove());

  const invoke = (captureCallSites: boolean) => {
    const fn = functions.withTrigger('FanOutWork', 'orchestrationTrigger')!;
    return invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data: { json: payload } }], captureCallSites });
  };

  test('without it, an invocation records nothing and its actions carry no call site', async () => {
    const response = await invoke(false);
    expect(response.callSites).toBeUndefined();
    expect(numberedActions(codec.decode(response.returnValue, 'FanOutWork')).map((a) => a.callSite)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('with it, every durable call is recorded in order with its line in the TypeScript, and each action points at its call', async () => {
    const response = await invoke(true);
    const source = app.source('functions/fanout.ts');
    const calls = response.callSites!;
    expect(calls.map((c) => [c.method, c.at?.line])).toEqual([
      ['callActivity', lineOf(source, "'LoadSettings'")],
      ['callActivity', lineOf(source, "'ListWork'")],
      ['callActivity', lineOf(source, "'ProcessItem'")],
      ['callActivity', lineOf(source, "'ProcessItem'")],
      ['callActivity', lineOf(source, "'ProcessItem'")],
      ['createTimer', lineOf(source, 'createTimer(')],
    ]);
    expect(calls.every((c) => c.at?.file === app.sourcePath('functions/fanout.ts'))).toBe(true);
    const actions = numberedActions(codec.decode(response.returnValue, 'FanOutWork'));
    expect(actions.map((a) => calls[a.callSite!].method)).toEqual(['callActivity', 'callActivity', 'callActivity', 'callActivity', 'callActivity', 'createTimer']);
    expect(actions.map((a) => a.callSite)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
