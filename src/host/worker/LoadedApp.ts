import type { HostLogger } from '../logging/HostLogger';
import type { AppFunctions } from './AppFunctions';
import { FunctionInvoker } from './FunctionInvoker';
import { workerState } from './functionsCore';
import type { Invoker } from './Invoker';
import { loadApp } from './loadApp';

/** The app, loaded somewhere the host can invoke it: in worker threads (the host) or in this thread (tests). */
export interface LoadedApp {
  readonly functions: AppFunctions;
  readonly invoker: Invoker;
  /** Sets environment variables where the app runs (the host's own address, once it listens). */
  setEnv(values: Record<string, string>): void;
  /** Runs the app's appStart hooks where they have not run yet. */
  started(): Promise<void>;
  /** Runs the app's appTerminate hooks and lets go of it; in-flight invocations get up to `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** The app in this thread, invoked directly: what DurableTestEnvironment uses (virtual clock, replaceable activities). */
export class InProcessApp implements LoadedApp {
  private constructor(
    readonly functions: AppFunctions,
    readonly invoker: Invoker,
    private readonly logger: HostLogger,
  ) {}

  static async load(entryFiles: string[], logger: HostLogger): Promise<InProcessApp> {
    const functions = await loadApp(entryFiles, (level, category, message) => logger.log(level, category === 'system' ? 'Host.Worker' : category, message));
    return new InProcessApp(functions, new FunctionInvoker(workerState(), logger), logger);
  }

  setEnv(values: Record<string, string>): void {
    Object.assign(process.env, values);
  }

  async started(): Promise<void> {
    for (const hook of workerState().hooks.appStart) await hook({ hookData: {}, appHookData: {} });
  }

  async stop(): Promise<void> {
    for (const hook of workerState().hooks.appTerminate) {
      try {
        await hook({ hookData: {}, appHookData: {} });
      } catch (error) {
        this.logger.error('Host.Worker', `appTerminate hook failed: ${(error as Error)?.message ?? error}`);
      }
    }
  }
}
