/** The one time source of the engine: the wall clock in production, a virtual clock in tests. */
export interface Clock {
  now(): number;
  /** Calls `callback` once at `at` (ms since epoch) or soon after; returns a cancel function. */
  at(at: number, callback: () => void): () => void;
}

// setTimeout keeps at most a 32-bit delay; longer waits are re-armed.
const MAX_TIMEOUT = 2 ** 31 - 1;

export class WallClock implements Clock {
  now(): number {
    return Date.now();
  }

  at(at: number, callback: () => void): () => void {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = Math.max(0, at - Date.now());
      handle = setTimeout(delay > MAX_TIMEOUT ? arm : callback, Math.min(delay, MAX_TIMEOUT));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}

interface PendingTimer {
  at: number;
  callback: () => void;
  cancelled: boolean;
}

/** Time that moves only when told to: a 30-day timer fires as soon as the test advances past it. */
export class VirtualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  at(at: number, callback: () => void): () => void {
    const timer: PendingTimer = { at, callback, cancelled: false };
    this.timers.push(timer);
    if (at <= this.current) queueMicrotask(() => this.fireDue());
    return () => {
      timer.cancelled = true;
    };
  }

  /** The time of the earliest armed timer, if any. */
  nextTimerAt(): number | undefined {
    let next: number | undefined;
    for (const t of this.timers) if (!t.cancelled && (next === undefined || t.at < next)) next = t.at;
    return next;
  }

  /** Moves time forward by `ms` (or to `until`), firing every timer that falls due, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(until: number): void {
    if (until > this.current) this.current = until;
    this.fireDue();
  }

  private fireDue(): void {
    const due = this.timers.filter((t) => !t.cancelled && t.at <= this.current).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => !t.cancelled && t.at > this.current);
    for (const t of due) t.callback();
  }
}
