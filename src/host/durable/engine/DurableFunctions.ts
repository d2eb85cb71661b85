import type { AppFunctions, TriggeredFunction } from '../../worker/AppFunctions';
import type { DurableFunctionKind } from '../runtime/unknownFunction';

const TRIGGER: Record<DurableFunctionKind, string> = {
  orchestrator: 'orchestrationTrigger',
  activity: 'activityTrigger',
  entity: 'entityTrigger',
};

/**
 * The orchestrators, activities and entities the extension knows: the app's functions with a durable
 * trigger, less those turned off with AzureWebJobs.<name>.Disabled (read once at start, as the
 * Functions host does). A disabled one is to its callers as one that does not exist.
 */
export class DurableFunctions {
  private readonly off: Set<string>;

  constructor(
    private readonly functions: AppFunctions,
    isDisabled: (name: string) => boolean = () => false,
  ) {
    this.off = new Set(functions.all().filter((fn) => isDisabled(fn.name)).map((fn) => fn.name.toLowerCase()));
  }

  private isDisabled(name: string): boolean {
    return this.off.has(name.toLowerCase());
  }

  get(kind: DurableFunctionKind, name: string): TriggeredFunction | undefined {
    const fn = this.functions.withTrigger(name, TRIGGER[kind]);
    return fn && !this.isDisabled(fn.name) ? fn : undefined;
  }

  /** The enabled functions of a kind, by name. */
  names(kind: DurableFunctionKind): string[] {
    return this.functions
      .ofType(TRIGGER[kind])
      .filter((fn) => !this.isDisabled(fn.name))
      .map((fn) => fn.name);
  }

  /** The durable functions that are turned off, for the start-up log. */
  disabled(): TriggeredFunction[] {
    return Object.values(TRIGGER).flatMap((type) => this.functions.ofType(type).filter((fn) => this.isDisabled(fn.name)));
  }
}
