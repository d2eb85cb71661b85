import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { Invoker } from '../../worker/Invoker';
import type { Clock } from '../../clock/Clock';
import type { InstanceRecord } from '../model/instance';
import { isEntitySchedulerId } from '../model/entityId';
import type { NewMessage, Store } from '../store/Store';
import type { VersioningSettings } from '../runtime/versioning';
import type { DurableFunctions } from './DurableFunctions';
import type { LifecycleLog } from './LifecycleLog';
import type { StoreHealth } from './StoreHealth';

/** What every processor works with: the store, the clock, the app's functions and the way to invoke them. */
export interface EngineParts {
  store: Store;
  clock: Clock;
  functions: AppFunctions;
  invoker: Invoker;
  logger: HostLogger;
  health: StoreHealth;
  /** The durable functions that are registered and enabled. */
  catalog: DurableFunctions;
  versioning: VersioningSettings;
  /** The extension's lifecycle lines. */
  lifecycle: LifecycleLog;
}

/** What a completed work item made runnable, so the engine wakes the right pumps. */
export interface WorkEffects {
  orchestrations?: boolean;
  entities?: boolean;
  activities?: boolean;
  /** The earliest message that becomes visible later (a timer, a retry). */
  timerAt?: number;
  /** Instances whose record changed, for those waiting on them. */
  changed?: InstanceRecord[];
}

/** The effects of sending `messages` at `now`. */
export function messageEffects(messages: readonly NewMessage[], now: number, effects: WorkEffects = {}): WorkEffects {
  for (const m of messages) {
    if (m.visibleAt > now) {
      if (effects.timerAt === undefined || m.visibleAt < effects.timerAt) effects.timerAt = m.visibleAt;
    } else if (isEntitySchedulerId(m.instanceId)) effects.entities = true;
    else effects.orchestrations = true;
  }
  return effects;
}
