import path from 'node:path';
import { AdminFunctionsApi } from './admin/AdminFunctionsApi';
import { type Clock, WallClock } from './clock/Clock';
import { DASHBOARD_PATH, DashboardAssets } from './dashboard/DashboardAssets';
import { ManagementApi } from './durable/api/ManagementApi';
import { WEBHOOK_PATH, durableClientBindingData } from './durable/api/clientBinding';
import { DurableEngine } from './durable/engine/DurableEngine';
import { DEFAULT_ORCHESTRATION_SETTINGS } from './durable/runtime/OrchestrationRuntimeState';
import { SqliteStore } from './durable/store/sqlite/SqliteStore';
import { type Durability, SCHEMA_VERSION } from './durable/store/sqlite/StoreFile';
import { type HostConfig, applyLocalSettings, loadHostConfig, resolveEntryFiles, workerCount } from './config/HostConfig';
import { loadQueueSettings } from './config/QueueSettings';
import { isFunctionDisabled } from './config/appSettings';
import { randomBytes } from 'node:crypto';
import { type AccessLevel, keyOpens, loadHostKeys, presentedKey } from './auth/HostKeys';
import { DEFAULT_MAX_BODY_BYTES, HostHttpServer, type RequestHead, errorResponse, jsonResponse } from './http/HostHttpServer';
import { HttpTriggerRouter } from './http/HttpTriggerRouter';
import { HostLogger } from './logging/HostLogger';
import { TriggerInvocations } from './triggers/TriggerInvocations';
import { type TriggerListeners, createTriggerListeners } from './triggers/TriggerListeners';
import type { AppFunctions } from './worker/AppFunctions';
import { BindingInvoker } from './bindings/BindingInvoker';
import { StorageBindings } from './bindings/StorageBindings';
import { InProcessApp, type LoadedApp } from './worker/LoadedApp';
import { WorkerPool, type WorkerPoolOptions } from './worker/pool/WorkerPool';
import { SwitchableInvoker } from './worker/SwitchableInvoker';
import type { InputBindingProvider } from './worker/inputBindings';

export interface FunctionHostOptions {
  scriptRoot: string;
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  /** Where the store lives; default `<scriptRoot>/.durable`. */
  dataDir?: string;
  inMemory?: boolean;
  clock?: Clock;
  logger?: HostLogger;
  /** Entry files to load instead of package.json's `main`. */
  entryFiles?: string[];
  /** Check function and master keys, as a Function App in Azure does; off by default, as with `func start`. */
  enableAuth?: boolean;
  /** `full` (default): every acknowledged commit survives an OS crash or power loss; `normal`: the last ones may not. */
  durability?: Durability;
  /**
   * Where the app runs: a number of worker threads (default FUNCTIONS_WORKER_PROCESS_COUNT, else 1),
   * or `in-process`, in this thread (the test environment: virtual clock, replaceable activities).
   */
  workers?: number | 'in-process';
}

/** What a reload with new code needs of the host's wiring. */
interface ReloadParts {
  scriptRoot: string;
  entryFiles?: string[];
  current: SwitchableInvoker;
  bindings: BindingInvoker;
  listenersFor: (functions: AppFunctions) => TriggerListeners;
  poolOptions?: Omit<WorkerPoolOptions, 'entryFiles'>;
}

/** How long a stop waits for work in flight before it ends the workers. */
const STOP_GRACE_MS = 10_000;

/** The request body limit: `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT` (bytes), as the Functions host reads it; 100 MB by default. */
function requestBodyLimit(): number {
  const value = Number(process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_BODY_BYTES;
}

/** A function's authLevel as the level of key it needs: `function` unless it says `anonymous` or `admin`. */
function functionAccessLevel(authLevel: unknown): AccessLevel {
  const level = String(authLevel ?? 'function').toLowerCase();
  return level === 'anonymous' ? 'anonymous' : level === 'admin' || level === 'system' ? 'admin' : 'function';
}

/** The local stand-in for `func start` with the Durable extension: loads the app, serves HTTP, runs the engine. */
export class FunctionHost {
  private constructor(
    readonly config: HostConfig,
    readonly functions: AppFunctions,
    readonly engine: DurableEngine,
    readonly url: string,
    readonly logger: HostLogger,
    private readonly server: HostHttpServer,
    private readonly store: SqliteStore,
    private readonly router: HttpTriggerRouter,
    private triggerListeners: TriggerListeners,
    /** Resolves with a message when the host cannot go on (its store was deleted, replaced or damaged): stop it then. */
    readonly failed: Promise<string>,
    private app: LoadedApp,
    private readonly reloading: ReloadParts,
  ) {}

  /** The timer and queue listeners; `whenIdle()` waits for their runs and for admin runs. */
  get triggers(): TriggerListeners {
    return this.triggerListeners;
  }

  static async start(options: FunctionHostOptions): Promise<FunctionHost> {
    const scriptRoot = path.resolve(options.scriptRoot);
    const config = loadHostConfig(scriptRoot);
    const queueSettings = loadQueueSettings(scriptRoot);
    applyLocalSettings(scriptRoot);
    const logger = options.logger ?? new HostLogger(config.logLevels);
    const clock = options.clock ?? new WallClock();
    const entryFiles = options.entryFiles ?? resolveEntryFiles(scriptRoot);
    const workers = options.workers ?? workerCount();
    // Workers load the app while the store opens and the listener binds.
    const loading: Promise<LoadedApp> =
      workers === 'in-process'
        ? InProcessApp.load(entryFiles, logger)
        : WorkerPool.start({ count: workers, entryFiles, logger, logLevels: config.logLevels, functionTimeoutMs: config.functionTimeoutMs });
    // Awaited below; until then a failed load must not count as an unhandled rejection.
    loading.catch(() => undefined);
    let app: LoadedApp;
    let store: SqliteStore | undefined;
    let server: HostHttpServer | undefined;
    let port: number;
    let fatal: (message: string) => void = () => undefined;
    const failed = new Promise<string>((resolve) => (fatal = resolve));
    const dataDir = path.resolve(options.dataDir ?? path.join(scriptRoot, '.durable'));
    const hostname = options.hostname ?? '127.0.0.1';
    try {
      store = new SqliteStore(options.inMemory ? ':memory:' : path.join(dataDir, `${config.hubName}.sqlite`), {
        durability: options.durability,
        onLost: (message) => fatal(message),
      });
      server = new HostHttpServer(logger, requestBodyLimit());
      port = await server.listen(options.port ?? 7071, hostname);
      app = await loading;
    } catch (error) {
      // Whatever did start is stopped again, the app's workers included.
      await Promise.allSettled([loading.then((loaded) => loaded.stop(0)), server?.close()]);
      store?.close();
      throw error;
    }
    const functions = app.functions;
    const current = new SwitchableInvoker(app.invoker);
    // Bindings are the host's side of an invocation, wherever the function runs: storage inputs read before it, outputs written after it.
    const invoker = new BindingInvoker(current, functions, new StorageBindings(queueSettings.messageEncoding), logger);

    if (!options.inMemory && store.created) logger.log('information', 'Host.Durable.Store', `Created a new durable store at ${store.file}.`);
    else if (!options.inMemory && store.openedAtVersion < SCHEMA_VERSION) {
      logger.log('information', 'Host.Durable.Store', `Migrated the durable store at ${store.file} from schema ${store.openedAtVersion} to ${SCHEMA_VERSION}.`);
    }
    const displayHost = hostname === '127.0.0.1' || hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
    const url = `http://${displayHost}:${port}`;
    const rpcHost = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname.includes(':') ? `[${hostname}]` : hostname;
    // durable-functions rewrites the client's URLs to localhost:7071 unless this names the host.
    process.env.WEBSITE_HOSTNAME = `${displayHost}:${port}`;
    app.setEnv({ WEBSITE_HOSTNAME: process.env.WEBSITE_HOSTNAME });
    store.setOwnerUrl(url);
    const engine = new DurableEngine({
      store,
      clock,
      functions,
      invoker,
      logger,
      maxConcurrentActivities: config.maxConcurrentActivityFunctions,
      // A lease outlives the longest an activity may run, so a slow one is never run twice meanwhile;
      // with no functionTimeout it never runs out (after a crash every lease is void anyway).
      activityLeaseMs: config.functionTimeoutMs === undefined ? Number.MAX_SAFE_INTEGER : config.functionTimeoutMs + 60_000,
      maxConcurrentOrchestrations: config.maxConcurrentOrchestratorFunctions,
      maxEntityOperationBatchSize: config.maxEntityOperationBatchSize,
      onStoreLost: (error) => fatal(error.message),
      hubName: config.hubName,
      versioning: config.versioning,
      overridableExistingInstanceStates: config.overridableExistingInstanceStates,
      tracing: config.tracing,
      orchestration: { ...DEFAULT_ORCHESTRATION_SETTINGS, defaultHttpAsyncRequestSleepMs: config.defaultHttpAsyncRequestSleepMs },
      isFunctionDisabled: (name) => isFunctionDisabled(name),
    });
    const keys = options.enableAuth ? loadHostKeys(options.inMemory ? undefined : dataDir) : undefined;
    // The SDK calls the management API without keys, so with keys on it gets a path of its own that nobody else knows.
    const rpcPath = keys ? `/internal/${randomBytes(24).toString('base64url')}` : '';
    const endpoints = { publicBaseUrl: url, rpcBaseUrl: `http://${rpcHost}:${port}${rpcPath}`, taskHubName: config.hubName, code: keys?.durableTask };
    const clientData = JSON.stringify(durableClientBindingData(endpoints));
    const inputs: InputBindingProvider = (binding) =>
      binding.type.toLowerCase() === 'durableclient' || binding.type.toLowerCase() === 'orchestrationclient' ? { string: clientData } : undefined;
    const allowed = (level: AccessLevel, req: RequestHead) => !keys || keyOpens(keys, level, presentedKey(req.headers, req.url));
    const router = new HttpTriggerRouter(functions, invoker, inputs, (fn, req) => allowed(functionAccessLevel(fn.trigger.authLevel), req), app.streaming);
    const management = new ManagementApi(engine, endpoints);
    const invocations = new TriggerInvocations(invoker, inputs);
    const triggers = createTriggerListeners({ functions, invocations, clock, logger, store, queueSettings });
    const admin = new AdminFunctionsApi(functions, invocations, clock, config.routePrefix);

    // Keys are checked on the request head, before its body is read.
    const needs = (level: AccessLevel) => (req: RequestHead) =>
      allowed(level, req) ? undefined : errorResponse(401, level === 'admin' ? 'This route needs the master key.' : 'This route needs a key.');
    server.mount(WEBHOOK_PATH, (req) => management.handle(req), needs('durableTask'));
    // The dashboard's files are read when asked for, so they cost the start nothing.
    const dashboard = new DashboardAssets();
    server.mount(DASHBOARD_PATH, (req) => dashboard.handle(req), needs('durableTask'));
    if (rpcPath) server.mount(`${rpcPath}/${WEBHOOK_PATH}`, (req) => management.handle(req));
    server.mount('admin/functions', (req) => admin.handle(req), needs('admin'));
    server.mount(
      'admin/host/status',
      async (req) => (req.method === 'GET' ? jsonResponse(200, { state: 'Running', functions: functions.all().length }) : errorResponse(405, 'Use GET.')),
      needs('admin'),
    );
    if (config.routePrefix) server.mount(config.routePrefix, (req) => router.handle(req), (req) => router.authorize(req), router.stream);
    else server.setFallback((req) => router.handle(req), (req) => router.authorize(req), router.stream);

    const reloading: ReloadParts = {
      scriptRoot,
      entryFiles: options.entryFiles,
      current,
      bindings: invoker,
      listenersFor: (fns) => createTriggerListeners({ functions: fns, invocations, clock, logger, store: store!, queueSettings }),
      poolOptions: workers === 'in-process' ? undefined : { count: workers, logger, logLevels: config.logLevels, functionTimeoutMs: config.functionTimeoutMs },
    };
    const host = new FunctionHost(config, functions, engine, url, logger, server, store, router, triggers, failed, app, reloading);
    await app.started();
    engine.start();
    await triggers.start();
    return host;
  }

  /**
   * Loads the app again, with the code it has now, into fresh workers, and swaps them in: durable
   * state, the port and work in flight stay; in-flight invocations finish on the old workers. An app
   * that does not load leaves the running code in place (the error is thrown).
   */
  async reload(): Promise<{ added: string[]; removed: string[]; functions: number }> {
    const parts = this.reloading;
    if (!parts.poolOptions) throw new Error('Only a host that runs its app in workers can load it again.');
    const next = await WorkerPool.start({ ...parts.poolOptions, entryFiles: parts.entryFiles ?? resolveEntryFiles(parts.scriptRoot) });
    next.setEnv({ WEBSITE_HOSTNAME: process.env.WEBSITE_HOSTNAME ?? '' });
    const before = new Set(this.functions.all().map((f) => f.name));
    const after = new Set(next.functions.all().map((f) => f.name));
    const previous = this.app;
    this.app = next;
    parts.current.switchTo(next.invoker);
    this.functions.replaceWith(next.functions);
    this.router.setFunctions(this.functions);
    parts.bindings.setFunctions(this.functions);
    await this.triggerListeners.stop();
    this.triggerListeners = parts.listenersFor(this.functions);
    await this.triggerListeners.start();
    // The old workers finish what they run, then go.
    void previous.stop(STOP_GRACE_MS).catch((error) => this.logger.error('Host.Worker', `The old workers did not stop cleanly: ${(error as Error).message}`));
    this.engine.wake();
    return { added: [...after].filter((n) => !before.has(n)), removed: [...before].filter((n) => !after.has(n)), functions: after.size };
  }

  /** The function list `func start` prints. */
  describeFunctions(): string {
    const http = this.router.describe(this.url, this.config.routePrefix);
    const lines = ['Functions:', ''];
    for (const fn of [...this.functions.all()].sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`\t${fn.name}: ${http.get(fn.name) ?? fn.trigger.type}`, '');
    }
    return lines.join('\n');
  }

  async stop(): Promise<void> {
    // Trigger runs call the durable client over HTTP, so they finish before the listener closes.
    await this.triggers.stop();
    await this.server.close();
    // Work in flight gets a moment to finish; what a stuck worker holds is cut off and runs again after the next start.
    const drained = this.engine.stop();
    await Promise.race([drained, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
    await this.app.stop(0);
    await drained;
    this.store.close();
  }
}
