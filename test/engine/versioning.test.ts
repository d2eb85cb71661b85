import fs from 'node:fs';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { compareVersions } from '../../src/host/durable/runtime/versioning';
import { tempDir } from '../support/hostProcess';
import { FIDELITY_APP } from '../support/fidelityApp';

/** A test environment for the fidelity app's versioned orchestrations under these extensions.durableTask settings. */
async function withVersioning(durableTask: Record<string, unknown>): Promise<DurableTestEnvironment> {
  const scriptRoot = tempDir('versioning-');
  fs.writeFileSync(path.join(scriptRoot, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'VersionHub', ...durableTask } } }));
  return DurableTestEnvironment.create({ scriptRoot, entryFiles: [path.join(FIDELITY_APP, 'functions', 'versions.js')] });
}

describe('orchestration versioning (host.json defaultVersion, versionMatchStrategy, versionFailureStrategy)', () => {
  test('versions compare as the Durable Task Framework compares them', () => {
    expect(compareVersions('', null)).toBe(0);
    expect(compareVersions('', '1.0')).toBe(-1);
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('1.0', '1.0.0')).toBe(-1);
    expect(compareVersions('v2', 'V2')).toBe(0);
    expect(compareVersions('2025-01-02', '2025-01-10')).toBe(-1);
  });

  test('a new instance gets defaultVersion; context.df.version reads it; a sub-orchestration inherits it unless called with its own', async () => {
    const env = await withVersioning({ defaultVersion: '1.0' });
    try {
      const id = await env.start('Versioned');
      const status = await env.waitForCompletion(id);
      expect(status.output).toEqual({ version: '1.0', inherited: '1.0', named: '0.9' });
    } finally {
      await env.dispose();
    }
  });

  test('a version given at start wins over defaultVersion', async () => {
    const env = await withVersioning({ defaultVersion: '2.0' });
    try {
      const res = await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/VersionedChild/v-given?version=1.5`, { method: 'POST' });
      expect(res.status).toBe(202);
      expect((await env.waitForCompletion('v-given')).output).toBe('1.5');
    } finally {
      await env.dispose();
    }
  });

  test('CurrentOrOlder (the default) with Reject (the default): a newer instance is left Pending and runs once an app of its version takes the store', async () => {
    const dataDir = tempDir('versioning-data-');
    const scriptRoot = tempDir('versioning-');
    const entry = path.join(FIDELITY_APP, 'functions', 'versions.js');
    const hostJson = (defaultVersion: string) =>
      fs.writeFileSync(path.join(scriptRoot, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'VersionHub', defaultVersion } } }));
    hostJson('1.0');
    let env = await DurableTestEnvironment.create({ scriptRoot, entryFiles: [entry], dataDir });
    try {
      const older = await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/VersionedChild/v-older?version=0.5`, { method: 'POST' });
      const newer = await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/VersionedChild/v-newer?version=3.0`, { method: 'POST' });
      expect([older.status, newer.status]).toEqual([202, 202]);
      await env.advanceTime('10m');
      expect(env.getStatus('v-older')).toMatchObject({ runtimeStatus: 'Completed', output: '0.5' });
      expect(env.getStatus('v-newer')).toMatchObject({ runtimeStatus: 'Pending' });
    } finally {
      await env.dispose();
    }
    hostJson('3.0');
    env = await DurableTestEnvironment.create({ scriptRoot, entryFiles: [entry], dataDir });
    try {
      expect((await env.waitForCompletion('v-newer')).output).toBe('3.0');
    } finally {
      await env.dispose();
    }
  });

  test('Strict with Fail: an instance of another version fails with the VersionMismatch failure details', async () => {
    const env = await withVersioning({ defaultVersion: '1.0', versionMatchStrategy: 'Strict', versionFailureStrategy: 'Fail' });
    try {
      await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/VersionedChild/v-strict?version=0.9`, { method: 'POST' });
      const status = await env.waitForCompletion('v-strict');
      expect(status).toMatchObject({ runtimeStatus: 'Failed', output: 'VersionMismatch: Orchestration version did not comply with Worker Versioning' });
      expect(env.getHistory('v-strict').at(-2)).toMatchObject({ FailureDetails: { ErrorType: 'VersionMismatch', IsNonRetriable: true } });
    } finally {
      await env.dispose();
    }
  });

  test('None runs every version', async () => {
    const env = await withVersioning({ defaultVersion: '1.0', versionMatchStrategy: 'None' });
    try {
      await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/VersionedChild/v-none?version=9.9`, { method: 'POST' });
      expect((await env.waitForCompletion('v-none')).output).toBe('9.9');
    } finally {
      await env.dispose();
    }
  });

  test('an unknown strategy in host.json stops the host with a clear message', async () => {
    await expect(withVersioning({ versionMatchStrategy: 'Loose' })).rejects.toThrow('host.json: extensions.durableTask.versionMatchStrategy must be one of None, Strict, CurrentOrOlder, not "Loose".');
  });
});
