import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DurableTestEnvironment, StaleBuildError } from '../../src/testing';
import { tempDir } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

const SOURCES: Record<string, string> = {
  'index.ts': "import { app } from '@azure/functions';\nimport { greeting } from './greeting';\napp.http('Hello', { route: 'hello', authLevel: 'anonymous', handler: async () => ({ body: greeting }) });\n",
  'greeting.ts': "export const greeting = 'hello';\n",
};

/** A small TypeScript app compiled as tsc does it (src/ into dist/, with source maps); `package.json` main is dist/index.js. */
function compiledApp(): string {
  const root = tempDir('stale-build-');
  fs.mkdirSync(path.join(root, 'src'));
  fs.mkdirSync(path.join(root, 'dist'));
  fs.writeFileSync(path.join(root, 'host.json'), '{ "version": "2.0" }');
  fs.writeFileSync(path.join(root, 'package.json'), '{ "main": "dist/index.js" }');
  fs.symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(SOURCES)) fs.writeFileSync(path.join(root, 'src', name), text);
  for (const name of Object.keys(SOURCES)) {
    const out = ts.transpileModule(SOURCES[name], {
      fileName: path.join(root, 'src', name),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true, esModuleInterop: true },
    });
    const js = name.replace(/\.ts$/, '.js');
    fs.writeFileSync(path.join(root, 'dist', js), out.outputText);
    // tsc writes sources relative to the map; transpileModule writes the file name only.
    const map = JSON.parse(out.sourceMapText!);
    map.sources = [`../src/${name}`];
    fs.writeFileSync(path.join(root, 'dist', `${js}.map`), JSON.stringify(map));
  }
  return root;
}

function touch(file: string, secondsFromNow: number): void {
  const time = new Date(Date.now() + secondsFromNow * 1000);
  fs.utimesSync(file, time, time);
}

describe('DurableTestEnvironment', () => {
  test('refuses to run a build older than its sources, naming the changed file, and runs once it is rebuilt', async () => {
    const root = compiledApp();
    // An edit to a module the entry file imports, not to the entry file itself.
    touch(path.join(root, 'src', 'greeting.ts'), 5);
    const refused = DurableTestEnvironment.create({ scriptRoot: root });
    await expect(refused).rejects.toThrow(StaleBuildError);
    await expect(DurableTestEnvironment.create({ scriptRoot: root })).rejects.toThrow(
      /build is older than its sources[\s\S]*src\/greeting\.ts is newer than dist\/greeting\.js[\s\S]*npm run build/,
    );

    touch(path.join(root, 'dist', 'greeting.js'), 10);
    const env = await DurableTestEnvironment.create({ scriptRoot: root });
    try {
      expect(await (await fetch(`${env.url}/api/hello`)).text()).toBe('hello');
    } finally {
      await env.dispose();
    }
  });

  test('signals entities and reads them back as a client does', async () => {
    const env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
    try {
      expect(env.readEntity('Counter', 'face')).toEqual({ exists: false, state: undefined });
      await env.signalEntity('Counter', 'face', 'add', 5);
      await env.signalEntity('Counter', 'face', 'add', 2);
      await env.runUntilIdle();
      expect(env.readEntity<number>('Counter', 'face')).toEqual({ exists: true, state: 7 });
      await env.signalEntity('Counter', 'face', 'delete');
      await env.runUntilIdle();
      expect(env.readEntity('Counter', 'face').exists).toBe(false);
      await expect(env.signalEntity('NoSuchEntity', 'x', 'add')).rejects.toMatchObject({ status: 400 });
    } finally {
      await env.dispose();
    }
  });
});
