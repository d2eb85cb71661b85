import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import type { Clock } from '../Clock';
import type { Store } from '../store/Store';

/** What every dispatcher works with: the store, the clock, the app's functions and the way to invoke them. */
export interface EngineParts {
  store: Store;
  clock: Clock;
  functions: AppFunctions;
  invoker: FunctionInvoker;
  logger: HostLogger;
}
