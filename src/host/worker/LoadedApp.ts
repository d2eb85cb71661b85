import type http from 'node:http';
import type { HostLogger } from '../logging/HostLogger';
import type { AppFunctions } from './AppFunctions';
import { FunctionInvoker } from './FunctionInvoker';
import { workerState } from './functionsCore';
import type { Invoker } from './Invoker';
import { appCapabilities, loadApp } from './loadApp';

/** The app, loaded somewhere the host can invoke it: in worker threads (the host) or in this thread (tests). */
export interface LoadedApp {
  readonly functions: AppFunctions;
  readonly invoker: Invoker;
  /** The app runs its HTTP functions in stream mode (`app.setup({ enableHttpStream: true })`). */
  readonly streaming: boolean;
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
    readonly invoker: FunctionInvoker,
    private readonly logger: HostLogger,
    /** Servers the app's library started in this thread (its HTTP proxy in stream mode). */
    private readonly servers: http.Server[],
  ) {}

  get streaming(): boolean {
    return this.invoker.proxyUri !== undefined;
  }

  static async load(entryFiles: string[], logger: HostLogger): Promise<InProcessApp> {
    const functions = await loadApp(entryFiles, (level, category, message) => logger.log(level, category === 'system' ? 'Host.Worker' : category, message));
    const invoker = new FunctionInvoker(workerState(), logger);
    const { capabilities, servers } = await appCapabilities();
    invoker.proxyUri = capabilities.HttpUri;
    return new InProcessApp(functions, invoker, logger, servers);
  }

  setEnv(values: Record<string, string>): void {
    Object.assign(process.env, values);
  }

  async started(): Promise<void> {
    for (const hook of workerState().hooks.appStart) await hook({ hookData: {}, appHookData: {} });
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      server.close();
    }
    for (const hook of workerState().hooks.appTerminate) {
      try {
        await hook({ hookData: {}, appHookData: {} });
      } catch (error) {
        this.logger.error('Host.Worker', `appTerminate hook failed: ${(error as Error)?.message ?? error}`);
      }
    }
  }
}
