import Module from 'node:module';

const CORE_MODULE = '@azure/functions-core';
let installed = false;

/**
 * Serves `@azure/functions-core` to every `require` in the process, as the Node worker does.
 * It must be in place before the app's entry files are loaded.
 */
export function installFunctionsCoreRequireHook(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const core = require('./functionsCore');
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const original = proto.require;
  proto.require = function (this: unknown, id: string) {
    if (id === CORE_MODULE) return core;
    return original.call(this, id);
  };
}
