import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppFunctions } from './AppFunctions';
import { type LogSink, type RegisteredFunction, resetWorkerState } from './functionsCore';
import { installFunctionsCoreRequireHook } from './requireHook';

export class AppLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppLoadError';
  }
}

// A module runs once per process (or jest registry); what each entry file registered is kept so
// that a second host in the same process (a test harness) gets the same functions.
const registeredByFile = new Map<string, RegisteredFunction[]>();

/**
 * Loads the app's entry files as the Node worker does: `@azure/functions-core` is served first,
 * then each file registers its functions.
 */
export async function loadApp(entryFiles: string[], logSink?: LogSink): Promise<AppFunctions> {
  installFunctionsCoreRequireHook();
  const state = resetWorkerState(logSink);
  for (const file of entryFiles) {
    const before = new Set(state.functions.keys());
    try {
      if (path.extname(file) === '.mjs') await import(pathToFileURL(file).href);
      else require(file);
    } catch (error) {
      throw new AppLoadError(`Worker was unable to load entry point "${file}": ${(error as Error)?.stack ?? error}`);
    }
    const added = [...state.functions.entries()].filter(([key]) => !before.has(key)).map(([, fn]) => fn);
    if (added.length) registeredByFile.set(file, added);
    else for (const fn of registeredByFile.get(file) ?? []) state.functions.set(fn.metadata.name.toLowerCase(), fn);
  }
  if (!state.programmingModel) {
    throw new AppLoadError('The app registered no programming model: its entry files must use the @azure/functions package (v4).');
  }
  return new AppFunctions(state.functions.values());
}
