import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, applyLocalSettings, loadHostConfig } from '../../src/host/config/HostConfig';
import { tempDir } from '../support/hostProcess';

function appFolder(files: Record<string, string>): string {
  const dir = tempDir('host-config-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

afterAll(() => undefined);

describe('reading host.json and local.settings.json', () => {
  test('local.settings.json may hold comments and trailing commas, as Core Tools accepts them', () => {
    const dir = appFolder({
      'local.settings.json': `{
        // the storage emulator
        "IsEncrypted": false,
        "Values": {
          "GREETING": "hello", /* kept */
          "RETRIES": 3,
        },
      }`,
    });
    const env: NodeJS.ProcessEnv = {};
    expect(applyLocalSettings(dir, env)).toEqual(['GREETING', 'RETRIES']);
    expect(env).toEqual({ GREETING: 'hello', RETRIES: '3' });
  });

  test('a local.settings.json that is still not JSON is refused with the place of the first mistake', () => {
    const dir = appFolder({ 'local.settings.json': '{\n  "Values": {\n    "A": "1"\n    "B": "2"\n  }\n}' });
    expect(() => applyLocalSettings(dir, {})).toThrow(ConfigError);
    expect(() => applyLocalSettings(dir, {})).toThrow(/local\.settings\.json \(.*\) is not valid JSON: CommaExpected at line 4, column 5\./);
  });

  test('host.json stays strict JSON, as Azure reads it: a comment is an error that names the file', () => {
    const dir = appFolder({ 'host.json': '{\n  // no comments here\n  "version": "2.0"\n}' });
    expect(() => loadHostConfig(dir)).toThrow(ConfigError);
    expect(() => loadHostConfig(dir)).toThrow(/host\.json \(.*host\.json\) is not valid JSON/);
    fs.writeFileSync(path.join(dir, 'host.json'), '{ "version": "2.0" }');
    expect(loadHostConfig(dir).routePrefix).toBe('api');
  });
});
