import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AzuriteProcess } from '../../src/host/storage/AzuriteProcess';
import { type StoragePorts, developmentConnectionString } from '../../src/host/storage/developmentStorageAccount';
import { portAnswers } from '../../src/host/storage/portAnswers';
import { findPortOwner } from '../../src/host/storage/portOwner';
import { freeStoragePorts } from '../support/freePorts';
import { eventually, request, tempDir } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

const CLI = path.join(APP_ROOT, 'dist', 'src', 'host', 'cli.js');

/** A copy of the small HTTP fixture app in a temp folder, so that the Azurite the host starts keeps its data there. */
function fixtureApp(): string {
  const root = tempDir('lifecycle-app-');
  fs.cpSync(path.join(APP_ROOT, 'test', 'fixtures', 'http-app'), root, { recursive: true });
  fs.symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

interface Started {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs a command that starts the host and waits for "Host started". */
const children: ChildProcess[] = [];

// A failed test must not leave a host behind: each command runs in a process group of its own, ended whole.
afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function startHost(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = APP_ROOT): Promise<Started> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await eventually(async () => {
    const match = /Host started: http:\/\/localhost:(\d+)/.exec(output);
    if (child.exitCode !== null) throw new Error(`The host ended before it started:\n${output}`);
    return match ? Number(match[1]) : undefined;
  }, 30_000, 'the host to start');
  return { child, port, output: () => output, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function storageAnswers(ports: StoragePorts): Promise<boolean[]> {
  return Promise.all(Object.values(ports).map((port) => portAnswers('127.0.0.1', port)));
}

describe('the host process ends with everything it started', () => {
  let ports: StoragePorts;
  let storage: string;

  beforeEach(async () => {
    // The emulator's account on ports of its own: the host starts Azurite there as it does on 10000-10002.
    ports = await freeStoragePorts();
    storage = developmentConnectionString(ports);
  });

  test('SIGTERM to `npm start` stops the host and its Azurite, frees their ports, and the host says it has stopped', async () => {
    const app = fixtureApp();
    const npm = await startHost('npm', ['start', '--ignore-scripts', '--', '--script-root', app, '--port', '0', '--data', path.join(app, '.durable')], { AzureWebJobsStorage: storage });
    expect(npm.output()).toContain(`started Azurite on 127.0.0.1 (blob ${ports.blob}, queue ${ports.queue}, table ${ports.table}), data in ${path.join(app, '.azurite')}`);
    const host = findPortOwner(npm.port)!.pid;
    const azurite = findPortOwner(ports.blob)!.pid;
    expect((await request(`http://127.0.0.1:${npm.port}/v1/echo/world`)).status).toBe(200);

    npm.child.kill('SIGTERM');
    await npm.exited;
    await eventually(async () => (!alive(host) && !alive(azurite) ? true : undefined), 15_000, 'the host and Azurite to end');
    expect(await portAnswers('127.0.0.1', npm.port)).toBe(false);
    expect(await storageAnswers(ports)).toEqual([false, false, false]);
    await eventually(async () => (npm.output().includes('Host stopped.') ? true : undefined), 5_000, 'the host to say it stopped');
  });

  test('a SIGKILLed host takes its Azurite with it: the storage ports are free again at once', async () => {
    const app = fixtureApp();
    const started = await startHost(process.execPath, [CLI, 'start', '--script-root', app, '--port', '0', '--data', path.join(app, '.durable')], { AzureWebJobsStorage: storage });
    const azurite = findPortOwner(ports.blob)!.pid;
    expect(await storageAnswers(ports)).toEqual([true, true, true]);

    started.child.kill('SIGKILL');
    await started.exited;
    await eventually(async () => (!alive(azurite) ? true : undefined), 10_000, 'Azurite to end after its host');
    expect(await storageAnswers(ports)).toEqual([false, false, false]);
  });

  test('an emulator the host did not start is used, and the host says whose it is: its PID and its data folder', async () => {
    const app = fixtureApp();
    const elsewhere = tempDir('someone-elses-azurite-');
    const theirs = await AzuriteProcess.start({ location: elsewhere, ports });
    try {
      const started = await startHost(process.execPath, [CLI, 'start', '--script-root', app, '--port', '0', '--data', path.join(app, '.durable')], { AzureWebJobsStorage: storage });
      expect(started.output()).toContain(`which this host did not start and does not stop: PID ${theirs.pid}, data in ${elsewhere}, not in ${path.join(app, '.azurite')}.`);
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      // Not the host's to stop.
      expect(theirs.running).toBe(true);
      expect(await storageAnswers(ports)).toEqual([true, true, true]);
    } finally {
      await theirs.stop();
    }
  });
});
