import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppFunctions } from './AppFunctions';
import { type LogSink, resetWorkerState } from './functionsCore';
import { installFunctionsCoreRequireHook } from './requireHook';

export class AppLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppLoadError';
  }
}

/**
 * Loads the app's entry files as the Node worker does: `@azure/functions-core` is served first,
 * then each file registers its functions.
 */
export async function loadApp(entryFiles: string[], logSink?: LogSink): Promise<AppFunctions> {
  installFunctionsCoreRequireHook();
  const state = resetWorkerState(logSink);
  for (const file of entryFiles) {
    try {
      if (path.extname(file) === '.mjs') await import(pathToFileURL(file).href);
      else require(file);
    } catch (error) {
      throw new AppLoadError(`Worker was unable to load entry point "${file}": ${(error as Error)?.stack ?? error}`);
    }
  }
  if (!state.programmingModel) {
    throw new AppLoadError('The app registered no programming model: its entry files must use the @azure/functions package (v4).');
  }
  return new AppFunctions(state.functions.values());
}
