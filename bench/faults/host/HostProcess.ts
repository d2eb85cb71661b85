import type { ChildProcess } from 'node:child_process';
import { ChildProcessGroup } from '../../peers/ChildProcessGroup';
import { FAULTS_APP, HOST_CLI } from '../paths';
import type { Scope } from '../Scope';

export interface HostLaunch {
  dataDir: string;
  /** 0 (the default) lets the host pick a free port. */
  port?: number;
  /** Extra arguments after `start` (e.g. `--durability normal`). */
  args?: string[];
  env?: Record<string, string>;
  scriptRoot?: string;
}

export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const OUTPUT_KEPT = 64 * 1024;

/** `durable-host start` as a child process, the way a user runs it; stopped when its scope ends. */
export class HostProcess {
  readonly exited: Promise<HostExit>;
  private text = '';
  /** Lines the host wrote to stdout and stderr so far (the whole run, while `output` keeps the end). */
  lines = 0;
  private started?: string;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const take = (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) this.lines++;
      this.text = (this.text + s).slice(-OUTPUT_KEPT);
      if (!this.started) this.started = /Host started: (http:\/\/\S+?)[ \n]/.exec(this.text)?.[1];
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
  }

  /** Spawns the host; it may still fail to start (see `waitForStart`). */
  static async launch(scope: Scope, launch: HostLaunch): Promise<HostProcess> {
    const group = new ChildProcessGroup();
    scope.defer('stop a host', () => group.stopAll(5_000));
    const args = [HOST_CLI, 'start', '--script-root', launch.scriptRoot ?? FAULTS_APP, '--port', String(launch.port ?? 0), '--data', launch.dataDir, '--no-azurite', ...(launch.args ?? [])];
    const child = await group.spawn(process.execPath, args, { env: { ...process.env, ...launch.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new HostProcess(child);
  }

  /** Spawns the host and waits until it serves. */
  static async start(scope: Scope, launch: HostLaunch, timeoutMs = 30_000): Promise<HostProcess> {
    const host = await HostProcess.launch(scope, launch);
    await host.waitForStart(timeoutMs);
    return host;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The URL the host printed ("Host started: …"), as a user would copy it. */
  get url(): string {
    if (!this.started) throw new Error('the host has not started');
    return this.started;
  }

  /** The same URL on 127.0.0.1, so that a client does not depend on how localhost resolves. */
  get baseUrl(): string {
    return this.url.replace('//localhost:', '//127.0.0.1:');
  }

  /** The end of what the host printed. */
  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the URL once the host prints it; rejects when it exits first or takes too long. */
  async waitForStart(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.started) {
      if (!this.running) throw new Error(`the host exited (${describeExit(await this.exited)}) before it served:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`the host did not start within ${timeoutMs / 1000} s:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.started;
  }

  /** The exit, or undefined if the host still runs after `ms`. */
  async exitWithin(ms: number): Promise<HostExit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    const result = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    return result;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  async stop(graceMs = 10_000): Promise<HostExit> {
    if (this.running) this.child.kill('SIGTERM');
    if (!(await this.exitWithin(graceMs)) && this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  async kill(): Promise<HostExit> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** The last lines of output, for a failure message. */
  tail(lines = 15): string {
    return this.text.trimEnd().split('\n').slice(-lines).map((l) => `    | ${l}`).join('\n');
  }
}

export function describeExit(exit: HostExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
