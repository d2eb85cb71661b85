import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionHost } from '../FunctionHost';
import { resolveEntryFiles } from '../config/HostConfig';

export interface WatchOutput {
  info(line: string): void;
  warn(line: string): void;
}

export interface AppWatcherOptions {
  scriptRoot: string;
  /** The durable store's folder, for the replay check of instances in flight; none with --in-memory. */
  dataDir?: string;
  /** How long changes settle before a build starts. */
  settleMs?: number;
}

// Folders whose changes are never the app's sources.
const IGNORED = new Set(['node_modules', '.git', '.durable', '.azurite', '.package', 'coverage', 'test-artifacts']);
const CLI = path.join(__dirname, '..', 'cli.js');

interface Divergence {
  instanceId: string;
  name: string;
  message?: string;
}

/**
 * `durable-host start --watch`: on a change to the app's sources, builds it (its package.json
 * `build` script, when it has one), checks that the new code still replays every orchestration in
 * flight (durable-host verify, on the store the host runs on) and loads it into fresh workers. The
 * port, the durable state and the work in flight stay; a build that fails leaves the running code.
 */
export class AppWatcher {
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private readonly buildScript: boolean;
  private readonly outputs: string[];
  private stopped = false;

  constructor(
    private readonly host: FunctionHost,
    private readonly options: AppWatcherOptions,
    private readonly out: WatchOutput,
  ) {
    const pkg = JSON.parse(fs.readFileSync(path.join(options.scriptRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    this.buildScript = typeof pkg.scripts?.build === 'string';
    // Where the built entry files live: a build writes there, which must not start another build.
    this.outputs = this.buildScript ? [...new Set(resolveEntryFiles(options.scriptRoot).map((f) => path.relative(options.scriptRoot, f).split(path.sep)[0]))] : [];
  }

  start(): void {
    this.watcher = fs.watch(this.options.scriptRoot, { recursive: true, persistent: false }, (_event, file) => {
      if (file && this.concerns(file.toString())) this.changed(file.toString());
    });
    this.watcher.on('error', (error) => this.out.warn(`[watch] Watching stopped: ${error.message}`));
    this.out.info(`[watch] Watching ${this.options.scriptRoot} for changes${this.buildScript ? ' (each change runs npm run build)' : ''}.`);
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Whether a change to `file` (relative to the script root) is one of the app's sources. */
  private concerns(file: string): boolean {
    const first = file.split(/[\\/]/)[0];
    if (IGNORED.has(first) || first.startsWith('.')) return false;
    if (this.outputs.includes(first)) return false;
    return !file.endsWith('~') && !file.endsWith('.swp');
  }

  private changed(file: string): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(file), this.options.settleMs ?? 300);
    this.timer.unref();
  }

  private async rebuild(file: string): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      this.out.info(`[watch] ${file} changed${this.buildScript ? ': building (npm run build)' : ''}.`);
      if (this.buildScript) {
        const build = await run('npm', ['run', 'build', '--silent'], this.options.scriptRoot);
        if (build.code !== 0) {
          this.out.warn(`[watch] The build failed; the running code stays.\n${build.output.trim().split('\n').slice(-15).join('\n')}`);
          return;
        }
      }
      await this.warnOfBrokenReplays();
      const result = await this.host.reload();
      const changes = [result.added.length ? `added ${result.added.join(', ')}` : '', result.removed.length ? `removed ${result.removed.join(', ')}` : ''].filter(Boolean);
      this.out.info(`[watch] Reloaded the app: ${result.functions} functions${changes.length ? ` (${changes.join('; ')})` : ''}. In-flight orchestrations go on with the new code.`);
    } catch (error) {
      this.out.warn(`[watch] The new code could not be loaded; the running code stays: ${(error as Error)?.message ?? error}`);
    } finally {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.rebuild(file);
      }
    }
  }

  /** Replays the instances in flight against the new build (durable-host verify) and names each one it would break. */
  private async warnOfBrokenReplays(): Promise<void> {
    if (!this.options.dataDir) return;
    const check = await run(process.execPath, [CLI, 'verify', '--script-root', this.options.scriptRoot, '--data', this.options.dataDir, '--json'], this.options.scriptRoot);
    let report: { instances?: (Divergence & { outcome: string })[] };
    try {
      report = JSON.parse(check.output.slice(check.output.indexOf('{'))) as typeof report;
    } catch {
      if (check.code !== 0) this.out.warn(`[watch] Could not check the instances in flight against the new code: ${check.output.trim().split('\n')[0]}`);
      return;
    }
    const broken = (report.instances ?? []).filter((i) => i.outcome === 'diverged');
    if (!broken.length) return;
    this.out.warn(`[watch] Warning: the new code breaks the replay of ${broken.length} orchestration${broken.length === 1 ? '' : 's'} in flight; each will fail when it next runs:`);
    for (const instance of broken.slice(0, 10)) this.out.warn(`  ${instance.instanceId} (${instance.name}): ${instance.message ?? 'diverges'}`);
    if (broken.length > 10) this.out.warn(`  and ${broken.length - 10} more (durable-host verify lists them all).`);
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ code: 1, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
