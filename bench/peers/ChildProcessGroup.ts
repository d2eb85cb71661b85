import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** The peer's processes: each stopped on `stopAll`, and killed if the bench exits first (an error, process.exit). */
export class ChildProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly killOnExit = () => {
    for (const child of this.children) child.kill('SIGKILL');
  };

  constructor() {
    process.once('exit', this.killOnExit);
  }

  /** Resolves once the process runs; rejects if it cannot start (missing or not executable). */
  async spawn(command: string, args: string[], options: SpawnOptions): Promise<ChildProcess> {
    const child = spawn(command, args, options);
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => {
        this.children.delete(child);
        reject(new Error(`cannot start ${command} (${(error as NodeJS.ErrnoException).code ?? error.message})`));
      });
    });
    return child;
  }

  /** SIGTERM each process, SIGKILL what is still running after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all([...this.children].map((child) => stop(child, graceMs)));
    process.removeListener('exit', this.killOnExit);
  }
}

function stop(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
