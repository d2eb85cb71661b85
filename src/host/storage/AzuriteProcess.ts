import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { type StoragePorts, developmentConnectionString } from './developmentStorageAccount';

export interface AzuriteOptions {
  /** Where Azurite keeps its data. */
  location: string;
  /** 0 lets the system pick a free port; `ports` on the result tells which. */
  ports: StoragePorts;
  host?: string;
  startTimeoutMs?: number;
}

const READY_LINE = /Azurite (Blob|Queue|Table) service is successfully listening at \S*:(\d+)/g;
const STOP_GRACE_MS = 5000;
const OUTPUT_KEPT = 4000;

/*
 * Run in the Azurite child before Azurite itself: when the IPC channel to the host closes (the host
 * ended, however: SIGKILL included) it asks Azurite to shut down as SIGTERM does, and makes sure the
 * process ends even if something keeps it open. Inline (node -e) so that it needs no file of its own.
 */
const WATCHDOG = `
const [script, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], script, ...args];
const end = () => { if (process.connected) process.disconnect(); setTimeout(() => process.exit(0), ${5000}).unref(); };
process.once('SIGTERM', end);
process.once('SIGINT', end);
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
require(script);
`;

function azuriteScript(): string {
  try {
    return require.resolve('azurite/dist/src/azurite.js');
  } catch {
    throw new Error('the azurite package is not installed (npm install --save-dev azurite)');
  }
}

/** The Azure Storage emulator (the `azurite` npm package) as a child process, until `stop()`. */
export class AzuriteProcess {
  private readonly exited: Promise<void>;
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly ports: StoragePorts,
    readonly host: string,
    readonly location: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** A connection string naming each endpoint, for clients and for `AzureWebJobsStorage`. */
  get connectionString(): string {
    return developmentConnectionString(this.ports, this.host);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Calls `listener` if Azurite exits without being asked to. */
  onUnexpectedExit(listener: (code: number | null, signal: string | null) => void): void {
    this.child.once('exit', (code, signal) => {
      if (!this.stopping) listener(code, signal);
    });
  }

  static async start(options: AzuriteOptions): Promise<AzuriteProcess> {
    const host = options.host ?? '127.0.0.1';
    const script = azuriteScript();
    fs.mkdirSync(options.location, { recursive: true });
    const { blob, queue, table } = options.ports;
    const args = [
      '-e',
      WATCHDOG,
      script,
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
      '--location',
      options.location,
      '--blobHost',
      host,
      '--blobPort',
      String(blob),
      '--queueHost',
      host,
      '--queuePort',
      String(queue),
      '--tableHost',
      host,
      '--tablePort',
      String(table),
    ];
    // Its own cwd, so that Azurite's stray files (debug logs) land with its data.
    // The IPC channel is the watchdog's line to this process: it closes when this process ends.
    const child = spawn(process.execPath, args, { cwd: options.location, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], windowsHide: true });
    // The channel alone does not keep this process running.
    child.channel?.unref();
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);

    const ports = await new Promise<StoragePorts>((resolve, reject) => {
      const found: Partial<StoragePorts> = {};
      const fail = (reason: string) => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`${reason}${output.trim() ? `:\n${output.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail(`Azurite did not start within ${options.startTimeoutMs ?? 30_000} ms`), options.startTimeoutMs ?? 30_000);
      const onData = () => {
        for (const [, service, port] of output.matchAll(READY_LINE)) found[service.toLowerCase() as keyof StoragePorts] = Number(port);
        if (found.blob && found.queue && found.table) {
          cleanup();
          resolve(found as StoragePorts);
        }
      };
      const onExit = (code: number | null) => fail(`Azurite exited (code ${code}) before it was ready`);
      const onError = (error: Error) => fail(`Azurite could not be started: ${error.message}`);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      child.stdout!.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    return new AzuriteProcess(child, ports, host, options.location);
  }

  /** Asks Azurite to close, and kills it if it has not within a few seconds. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
