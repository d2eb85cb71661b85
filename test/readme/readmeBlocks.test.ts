import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type TestAzurite, startTestAzurite } from '../support/azurite';
import { type HostProcess, startHostProcess, tempDir } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';
import { type ReadmeCommand, contains, runnableBlocks } from './readmeShell';

// The README's blocks marked <!-- runnable -->, pasted in order into a shell against a real host with its
// own data folder and its own Azurite. Every command must answer what its comment says (a status code,
// the part of the JSON body shown) or, without one, succeed (exit 0; HTTP below 400). The status reads
// (curl without -X or -d) a block opens with are repeated until they answer so, for up to RETRY_MS: a
// reader pastes a block after the one before has been answered, and the work it started runs in the
// background. Every other command must answer so at once, as when a block is pasted whole.
const README = fs.readFileSync(path.join(APP_ROOT, 'README.md'), 'utf8');
const blocks = runnableBlocks(README);
const RETRY_MS = 30_000;
const README_URL = 'http://localhost:7071';

jest.setTimeout(120_000);

interface Outcome {
  exitCode: number | null;
  status?: number;
  body: string;
  output: string;
}

describe('the README, block by block, in order', () => {
  let host: HostProcess;
  let azurite: TestAzurite;
  let curlHome: string;

  beforeAll(async () => {
    azurite = await startTestAzurite();
    host = await startHostProcess({ dataDir: tempDir('readme-data-'), env: { AzureWebJobsStorage: azurite.connectionString } });
    // Every curl prints the status code on a last line of its own, so that the test reads it whether or not the command shows headers.
    curlHome = tempDir('readme-curl-');
    fs.writeFileSync(path.join(curlHome, '.curlrc'), 'silent\nshow-error\nwrite-out = "\\n%{http_code}"\n');
  });

  afterAll(async () => {
    await host?.stop();
    await azurite?.stop();
  });

  test('the README has runnable blocks, each of them a command or more', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    for (const block of blocks) expect(block.commands.length).toBeGreaterThan(0);
  });

  function run(command: string): Promise<Outcome> {
    const text = command.split(README_URL).join(host.url.replace('localhost', '127.0.0.1'));
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', text], {
        cwd: APP_ROOT,
        env: { ...process.env, CURL_HOME: curlHome, AzureWebJobsStorage: azurite.connectionString },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('exit', (exitCode) => {
        if (!/^\s*curl\s/.test(command)) return resolve({ exitCode, body: stdout, output: stdout + stderr });
        const lines = stdout.split('\n');
        const status = Number(lines.pop());
        let body = lines.join('\n');
        // With -i the headers come first, then an empty line.
        if (/(^|\s)-i(\s|$)/.test(command)) body = body.split(/\r?\n\r?\n/).slice(1).join('\n\n');
        resolve({ exitCode, status, body, output: stdout + stderr });
      });
    });
  }

  function problemWith(expected: ReadmeCommand, outcome: Outcome): string | undefined {
    if (outcome.exitCode !== 0) return `exited with ${outcome.exitCode}`;
    if (outcome.status === undefined) return undefined;
    if (expected.expectedStatus !== undefined ? outcome.status !== expected.expectedStatus : outcome.status >= 400) {
      return `answered ${outcome.status}, not ${expected.expectedStatus ?? 'a success'}`;
    }
    if (expected.expectedBody === undefined) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(outcome.body);
    } catch {
      return 'answered a body that is not JSON';
    }
    return contains(body, expected.expectedBody) ? undefined : `answered a body without ${JSON.stringify(expected.expectedBody)}`;
  }

  const isStatusRead = (command: string) => /^\s*curl\s/.test(command) && !/\s(-X|--request)\s+(?!GET\b)/.test(command) && !/\s(-d|--data\S*)\s/.test(command);

  test.each(blocks.map((block, i) => [i + 1, block.section, block.line, block]))('block %i (%s, README line %i)', async (_n, _section, _line, block) => {
    let opening = true;
    for (const expected of block.commands) {
      opening &&= isStatusRead(expected.command);
      const deadline = Date.now() + (opening && expected.comment ? RETRY_MS : 0);
      for (;;) {
        const outcome = await run(expected.command);
        const problem = problemWith(expected, outcome);
        if (!problem) break;
        if (Date.now() >= deadline) {
          throw new Error(`${expected.command}\n  # ${expected.comment}\n${problem}:\n${outcome.output.slice(0, 2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
});
