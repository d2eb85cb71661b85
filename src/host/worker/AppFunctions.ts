import type { BindingInfo, FunctionCallback, FunctionMetadata } from './functionsCore';

/** A function as the host knows it: its metadata, and its callback where the app is loaded in this thread. */
export interface AppFunction {
  metadata: FunctionMetadata;
  callback?: FunctionCallback;
  /** The entry file that registered it, where the app is loaded in this thread. */
  scriptFile?: string;
}

export interface TriggeredFunction extends AppFunction {
  name: string;
  triggerName: string;
  trigger: BindingInfo;
}

function isTriggerType(type: string): boolean {
  return type.toLowerCase().endsWith('trigger');
}

/** The app's registered functions, indexed by what triggers them. Function names are case-insensitive. */
export class AppFunctions {
  private readonly byName = new Map<string, TriggeredFunction>();

  constructor(functions: Iterable<AppFunction>) {
    for (const fn of functions) {
      const entry = Object.entries(fn.metadata.bindings ?? {}).find(([, b]) => isTriggerType(b.type));
      if (!entry) throw new Error(`Function "${fn.metadata.name}" has no trigger binding.`);
      const [triggerName, trigger] = entry;
      this.byName.set(fn.metadata.name.toLowerCase(), { ...fn, name: fn.metadata.name, triggerName, trigger });
    }
  }

  /** Takes the functions of `other` in place of its own: the app was loaded again with new code. */
  replaceWith(other: AppFunctions): void {
    this.byName.clear();
    for (const fn of other.all()) this.byName.set(fn.name.toLowerCase(), fn);
  }

  all(): TriggeredFunction[] {
    return [...this.byName.values()];
  }

  get(name: string): TriggeredFunction | undefined {
    return this.byName.get(name.toLowerCase());
  }

  ofType(type: string): TriggeredFunction[] {
    const wanted = type.toLowerCase();
    return this.all().filter((f) => f.trigger.type.toLowerCase() === wanted);
  }

  /** The function `name` if it has trigger `type`. */
  withTrigger(name: string, type: string): TriggeredFunction | undefined {
    const fn = this.get(name);
    return fn && fn.trigger.type.toLowerCase() === type.toLowerCase() ? fn : undefined;
  }

  /** The names of the non-trigger input bindings of `type` (e.g. durableClient) a function asks for. */
  static inputsOfType(fn: TriggeredFunction, type: string): string[] {
    return Object.entries(fn.metadata.bindings)
      .filter(([, b]) => b.direction === 'in' && b.type.toLowerCase() === type.toLowerCase())
      .map(([name]) => name);
  }
}
