import type { Store } from '../../durable/store/Store';
import type { ScheduleStatus } from './ScheduleStatus';

/** Monitored timers' schedule status, kept by the durable store (only the store speaks SQL). */
export class ScheduleStatusStore {
  constructor(private readonly store: Pick<Store, 'getScheduleStatus' | 'putScheduleStatus'>) {}

  get(functionName: string): ScheduleStatus | undefined {
    return this.store.getScheduleStatus(functionName);
  }

  put(functionName: string, status: ScheduleStatus): void {
    this.store.putScheduleStatus(functionName, status);
  }
}
