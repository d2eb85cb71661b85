import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppFunctions } from './AppFunctions';
import { type HookCallback, type HookName, type LogSink, type RegisteredFunction, resetWorkerState } from './functionsCore';
import { installFunctionsCoreRequireHook } from './requireHook';
import { shimDurableFunctions } from './durableFunctionsShims';

/** The durable-functions copies the entry files load, each shimmed once (see durableFunctionsShims). */
function shimDurableFunctionsOf(entryFiles: string[]): void {
  const seen = new Set<string>();
  for (const file of entryFiles) {
    let sdk: string;
    try {
      sdk = createRequire(file).resolve('durable-functions');
    } catch {
      continue;
    }
    if (seen.has(sdk)) continue;
    seen.add(sdk);
    shimDurableFunctions(sdk);
  }
}

export class AppLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppLoadError';
  }
}

interface Registrations {
  functions: RegisteredFunction[];
  hooks: [HookName, HookCallback][];
}

// A module runs once per process (or jest registry); what each entry file registered is kept so
// that a second host in the same process (a test harness) gets the same functions and hooks.
const registeredByFile = new Map<string, Registrations>();

/**
 * Loads the app's entry files as the Node worker does: `@azure/functions-core` is served first,
 * then each file registers its functions.
 */
export async function loadApp(entryFiles: string[], logSink?: LogSink): Promise<AppFunctions> {
  installFunctionsCoreRequireHook();
  const state = resetWorkerState(logSink);
  for (const file of entryFiles) {
    const before = new Set(state.functions.keys());
    const hooksBefore = Object.fromEntries(Object.entries(state.hooks).map(([name, list]) => [name, list.length])) as Record<HookName, number>;
    try {
      if (path.extname(file) === '.mjs') await import(pathToFileURL(file).href);
      else require(file);
    } catch (error) {
      throw new AppLoadError(`Worker was unable to load entry point "${file}": ${(error as Error)?.stack ?? error}`);
    }
    const added: Registrations = {
      functions: [...state.functions.entries()].filter(([key]) => !before.has(key)).map(([, fn]) => fn),
      hooks: (Object.keys(state.hooks) as HookName[]).flatMap((name) => state.hooks[name].slice(hooksBefore[name]).map((cb): [HookName, HookCallback] => [name, cb])),
    };
    for (const fn of added.functions) fn.scriptFile = file;
    if (added.functions.length || added.hooks.length) {
      registeredByFile.set(file, added);
    } else {
      const earlier = registeredByFile.get(file);
      for (const fn of earlier?.functions ?? []) state.functions.set(fn.metadata.name.toLowerCase(), fn);
      for (const [name, cb] of earlier?.hooks ?? []) state.hooks[name].push(cb);
    }
  }
  shimDurableFunctionsOf(entryFiles);
  if (!state.programmingModel) {
    throw new AppLoadError('The app registered no programming model: its entry files must use the @azure/functions package (v4).');
  }
  return new AppFunctions(state.functions.values());
}
