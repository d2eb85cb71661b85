import fs from 'node:fs';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { EventType } from '../../src/host/durable/model/history';
import { tempDir } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

describe('starting over an existing instance id, under host.json overridableExistingInstanceStates', () => {
  test('AnyState: a start replaces an instance that is still running, as the extension allows', async () => {
    const scriptRoot = tempDir('dedupe-');
    fs.writeFileSync(path.join(scriptRoot, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'DedupeHub', overridableExistingInstanceStates: 'AnyState' } } }));
    const env = await DurableTestEnvironment.create({ scriptRoot, entryFiles: [path.join(SAMPLES_APP, 'functions', 'samples.js'), path.join(SAMPLES_APP, 'functions', 'engineProbes.js')] });
    try {
      await env.start('WaitForEvent', undefined, { instanceId: 'dedupe-any' });
      await env.runUntilIdle();
      expect(env.getStatus('dedupe-any')!.runtimeStatus).toBe('Running');
      await env.start('HelloSequence', undefined, { instanceId: 'dedupe-any' });
      const replaced = await env.waitForCompletion('dedupe-any');
      expect(replaced).toMatchObject({ name: 'HelloSequence', runtimeStatus: 'Completed' });
      expect(env.getHistory('dedupe-any').filter((e) => e.EventType === EventType.ExecutionStarted)).toEqual([expect.objectContaining({ Name: 'HelloSequence' })]);
    } finally {
      await env.dispose();
    }
  });

  test('NonRunningStates (the default) refuses it with the 500 the extension answers', async () => {
    const env = await DurableTestEnvironment.create({ scriptRoot: SAMPLES_APP });
    try {
      await env.start('WaitForEvent', undefined, { instanceId: 'dedupe-default' });
      await expect(env.start('HelloSequence', undefined, { instanceId: 'dedupe-default' })).rejects.toMatchObject({ status: 500 });
    } finally {
      await env.dispose();
    }
  });
});
