import { EventType } from '../../model/history';
import type { InboxMessage } from '../Store';

// Messages up to this long are kept in memory beside the inbox (most are well under a kilobyte).
const KEEP_MESSAGE_CHARS = 16 * 1024;

/** A binary min-heap of (time, id); stale entries are skipped by whoever pops them. */
class TimeHeap {
  private readonly times: number[] = [];
  private readonly ids: number[] = [];

  get size(): number {
    return this.times.length;
  }

  push(time: number, id: number): void {
    let i = this.times.length;
    this.times.push(time);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= time) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekTime(): number | undefined {
    return this.times[0];
  }

  peekId(): number {
    return this.ids[0];
  }

  pop(): void {
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.ids.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.times.length && this.times[left] < this.times[smallest]) smallest = left;
      if (right < this.times.length && this.times[right] < this.times[smallest]) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b], this.times[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}

interface MessageEntry {
  instanceId: string;
  /** The message itself, when it is small enough to keep: a fetch then needs no read. */
  message?: InboxMessage;
  /** The length of its text: what loading it costs. */
  size: number;
  at: number;
  visible: boolean;
  /** A resume or terminate: the only messages a suspended instance takes. */
  control: boolean;
}

/**
 * Which inbox messages and activity work items are visible, kept in memory beside the tables so
 * that fetching work costs the work fetched, not a scan of every waiting message. The store is the
 * only writer (one host per store), so the index is rebuilt from the tables at open and changed
 * with every commit that changes them; a transaction that fails changes nothing here either.
 */
export class ReadyIndex {
  private readonly messages = new Map<number, MessageEntry>();
  private readonly byInstance = new Map<string, Set<number>>();
  private readonly visibleCount = new Map<string, number>();
  private readonly controlCount = new Map<string, number>();
  private readonly suspended = new Set<string>();
  // Instances (and entities) with a message they would take now, oldest first.
  private readonly readyOrchestrations = new Map<string, true>();
  private readonly readyEntities = new Map<string, true>();
  private readonly futureMessages = new TimeHeap();

  private readonly activityAt = new Map<number, number>();
  private readonly readyActivities = new Map<number, true>();
  private readonly futureActivities = new TimeHeap();

  // ---- messages ------------------------------------------------------------------------------

  addMessage(id: number, instanceId: string, eventType: number, at: number, size: number, message?: InboxMessage): void {
    this.messages.set(id, { instanceId, message: message && size <= KEEP_MESSAGE_CHARS ? message : undefined, size, at, visible: false, control: eventType === EventType.ExecutionResumed || eventType === EventType.ExecutionTerminated });
    let set = this.byInstance.get(instanceId);
    if (!set) this.byInstance.set(instanceId, (set = new Set()));
    set.add(id);
    this.futureMessages.push(at, id);
  }

  removeMessage(id: number): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    this.messages.delete(id);
    const set = this.byInstance.get(entry.instanceId);
    set?.delete(id);
    if (set && !set.size) this.byInstance.delete(entry.instanceId);
    if (entry.visible) this.hide(entry);
  }

  delayMessage(id: number, at: number): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    if (entry.visible) this.hide(entry);
    entry.at = at;
    this.futureMessages.push(at, id);
  }

  removeInstanceMessages(instanceId: string): void {
    for (const id of [...(this.byInstance.get(instanceId) ?? [])]) this.removeMessage(id);
  }

  /** The instance's visible messages in order, or undefined when one of them is not kept here (read the inbox then). */
  visibleMessages(instanceId: string): InboxMessage[] | undefined {
    const out: InboxMessage[] = [];
    for (const id of this.byInstance.get(instanceId) ?? []) {
      const entry = this.messages.get(id)!;
      if (!entry.visible) continue;
      if (!entry.message) return undefined;
      out.push(entry.message);
    }
    return out;
  }

  /** The text length of the instance's messages (visible or not): what fetching it would load. */
  messageSize(instanceId: string): number {
    let size = 0;
    for (const id of this.byInstance.get(instanceId) ?? []) size += this.messages.get(id)?.size ?? 0;
    return size;
  }

  setSuspended(instanceId: string, suspended: boolean): void {
    if (suspended === this.suspended.has(instanceId)) return;
    if (suspended) this.suspended.add(instanceId);
    else this.suspended.delete(instanceId);
    this.refresh(instanceId);
  }

  /** Up to `limit` instances (or entities) with a message visible at `now` that they would take, not in `locked`. */
  readyInstances(now: number, limit: number, locked: ReadonlyMap<string, unknown>, entities: boolean): string[] {
    this.promote(now);
    const out: string[] = [];
    for (const instanceId of (entities ? this.readyEntities : this.readyOrchestrations).keys()) {
      if (out.length >= limit) break;
      if (!locked.has(instanceId)) out.push(instanceId);
    }
    return out;
  }

  // ---- activities ----------------------------------------------------------------------------

  addActivity(id: number, at: number): void {
    this.activityAt.set(id, at);
    this.futureActivities.push(at, id);
  }

  /** Leased or put off: visible again at `at`. */
  delayActivity(id: number, at: number): void {
    if (!this.activityAt.has(id)) return;
    this.readyActivities.delete(id);
    this.activityAt.set(id, at);
    this.futureActivities.push(at, id);
  }

  removeActivity(id: number): void {
    this.activityAt.delete(id);
    this.readyActivities.delete(id);
  }

  /** Up to `limit` visible activities: unleased, or whose lease ran out (the lease is their lock). */
  readyActivityIds(now: number, limit: number): number[] {
    this.promote(now);
    const out: number[] = [];
    for (const id of this.readyActivities.keys()) {
      if (out.length >= limit) break;
      out.push(id);
    }
    return out;
  }

  /** After a start nothing runs: every leased activity is visible at once. */
  releaseActivities(now: number): void {
    for (const [id, at] of this.activityAt) if (at > now) this.delayActivity(id, now);
  }

  // ---- both ----------------------------------------------------------------------------------

  hasReady(now: number, locks: ReadonlyMap<string, unknown>): boolean {
    return this.readyInstances(now, 1, locks, false).length > 0 || this.readyInstances(now, 1, locks, true).length > 0 || this.readyActivityIds(now, 1).length > 0;
  }

  /** The earliest time after `now` at which a message or activity becomes visible. */
  nextAt(now: number): number | undefined {
    this.promote(now);
    const a = this.futureMessages.peekTime();
    const b = this.futureActivities.peekTime();
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  /** Makes visible what has become visible by `now`; drops heap entries that no longer stand. */
  promote(now: number): void {
    for (;;) {
      const at = this.futureMessages.peekTime();
      if (at === undefined) break;
      const id = this.futureMessages.peekId();
      const entry = this.messages.get(id);
      if (entry && entry.at === at && !entry.visible) {
        if (at > now) break;
        this.futureMessages.pop();
        this.show(entry);
      } else {
        this.futureMessages.pop();
      }
    }
    for (;;) {
      const at = this.futureActivities.peekTime();
      if (at === undefined) break;
      const id = this.futureActivities.peekId();
      if (this.activityAt.get(id) === at && !this.readyActivities.has(id)) {
        if (at > now) break;
        this.futureActivities.pop();
        this.readyActivities.set(id, true);
      } else {
        this.futureActivities.pop();
      }
    }
  }

  private show(entry: MessageEntry): void {
    entry.visible = true;
    this.visibleCount.set(entry.instanceId, (this.visibleCount.get(entry.instanceId) ?? 0) + 1);
    if (entry.control) this.controlCount.set(entry.instanceId, (this.controlCount.get(entry.instanceId) ?? 0) + 1);
    this.refresh(entry.instanceId);
  }

  private hide(entry: MessageEntry): void {
    entry.visible = false;
    const left = (this.visibleCount.get(entry.instanceId) ?? 1) - 1;
    if (left > 0) this.visibleCount.set(entry.instanceId, left);
    else this.visibleCount.delete(entry.instanceId);
    if (entry.control) {
      const controls = (this.controlCount.get(entry.instanceId) ?? 1) - 1;
      if (controls > 0) this.controlCount.set(entry.instanceId, controls);
      else this.controlCount.delete(entry.instanceId);
    }
    // What is left of it queues behind the others: its oldest message is newer now.
    const ready = this.readyMap(entry.instanceId);
    ready.delete(entry.instanceId);
    this.refresh(entry.instanceId);
  }

  /** An instance is ready when it has a visible message it would take: a suspended one takes only resume or terminate. */
  private refresh(instanceId: string): void {
    const ready = this.readyMap(instanceId);
    const takes = (this.visibleCount.get(instanceId) ?? 0) > 0 && (!this.suspended.has(instanceId) || (this.controlCount.get(instanceId) ?? 0) > 0);
    if (takes) {
      if (!ready.has(instanceId)) ready.set(instanceId, true);
    } else {
      ready.delete(instanceId);
    }
  }

  private readyMap(instanceId: string): Map<string, true> {
    return instanceId.startsWith('@') ? this.readyEntities : this.readyOrchestrations;
  }
}
