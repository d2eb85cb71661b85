import fs from 'node:fs';
import path from 'node:path';
import { FunctionHost } from '../../src/host/FunctionHost';
import { request, tempDir } from '../support/hostProcess';

const FIXTURE_ENTRY = path.join(__dirname, '..', 'fixtures', 'http-app', 'index.js');
const ID = '[0-9a-f-]{36}';

/** Runs the fixture app under a host.json with this `logging.logLevel`, calls `routes`, and returns what the host printed. */
async function printedLines(logLevel: Record<string, string>, routes: string[]): Promise<string> {
  const scriptRoot = tempDir('log-level-');
  fs.writeFileSync(path.join(scriptRoot, 'host.json'), JSON.stringify({ version: '2.0', logging: { logLevel }, extensions: { http: { routePrefix: 'v1' } } }));
  let printed = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    const host = await FunctionHost.start({ scriptRoot, entryFiles: [FIXTURE_ENTRY], port: 0, inMemory: true });
    try {
      for (const route of routes) await request(`${host.url}/v1/${route}`);
    } finally {
      await host.stop();
    }
  } finally {
    stdout.mockRestore();
  }
  return printed;
}

describe("the host's invocation log", () => {
  test('prints Executing and Executed lines with reason, invocation id, result and duration, as func start does', async () => {
    const printed = await printedLines({ default: 'Information' }, ['items/7', 'broken']);

    const executing = new RegExp(`Executing 'Functions\\.Item' \\(Reason='This function was programmatically called via the host APIs\\.', Id=(${ID})\\)`).exec(printed);
    expect(executing).not.toBeNull();
    expect(printed).toMatch(new RegExp(`Executed 'Functions\\.Item' \\(Succeeded, Id=${executing![1]}, Duration=\\d+ms\\)`));
    expect(printed).toMatch(new RegExp(`Executed 'Functions\\.Broken' \\(Failed, Id=${ID}, Duration=\\d+ms\\)\\nException while executing function: Functions\\.Broken\\. Error: this function always fails`));
  });

  test("honours host.json's logging.logLevel by category: the most specific one wins and errors pass a Warning level", async () => {
    const printed = await printedLines({ default: 'Information', Function: 'Warning', 'Function.Echo': 'Information' }, ['items/7', 'echo/x', 'broken']);

    expect(printed).not.toMatch(/Functions\.Item/);
    expect(printed).toMatch(/Executing 'Functions\.Echo'/);
    expect(printed).toMatch(/Executed 'Functions\.Echo' \(Succeeded/);
    expect(printed).not.toMatch(/Executing 'Functions\.Broken'/);
    expect(printed).toMatch(/Executed 'Functions\.Broken' \(Failed/);
  });
});
