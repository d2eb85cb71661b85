import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InstanceExistsError, InstanceNotFoundError, NotInStateError, StoreLostError, StoreUnavailableError } from '../../model/errors';
import { EventType, type HistoryEvent } from '../../model/history';
import { type InstanceRecord, type RuntimeStatus, TERMINAL_STATUSES, isTerminal } from '../../model/instance';
import type { TraceContext } from '../../../tracing/traceContext';
import type {
  ActivityWorkItem,
  CompletionOutcome,
  CreateInstanceRequest,
  EntityChanges,
  EntityPage,
  EntityQuery,
  EntityRecord,
  EntityWorkItem,
  InboxMessage,
  InstancePage,
  InstanceQuery,
  NewMessage,
  OrchestrationChanges,
  OrchestrationWorkItem,
  PurgeFilter,
  ScheduleStatusRecord,
  Store,
} from '../Store';
import { HistoryCache } from './HistoryCache';
import { HostLock } from './HostLock';
import {
  type EntityRow,
  type InstanceRow,
  type MessageRow,
  decodeInstancePageToken,
  instancePageToken,
  toEntity,
  toEntityRow,
  toInstance,
  toInstanceRow,
  toMessage,
} from './rows';
import { ReadyIndex } from './ReadyIndex';
import { parseHistoryRows } from '../historyRows';
import { migrate } from './schema';
import { type Durability, StoreFileWatch, openStoreFile } from './StoreFile';
import { WalSync } from './WalSync';

export interface SqliteStoreOptions {
  /** `full` (default): what is acknowledged survives an OS crash or power loss (see durable()). `normal`: the last moments may be lost then. */
  durability?: Durability;
  /** The most history text kept in memory; default 64 MiB. */
  historyCacheBytes?: number;
  /** Take the one-host-per-store lock (on by default for files). */
  exclusive?: boolean;
  /** Called once when the file is deleted, replaced or found damaged while the host runs. */
  onLost?: (message: string) => void;
}

const DEFAULT_HISTORY_CACHE_BYTES = 32 * 1024 * 1024;
const ROW_CACHE_SIZE = 16_384;

// SQLite's result codes for a store that cannot take work now but may later (disk full, I/O, busy).
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL|READONLY)/;
// ... and for one that must not take any more (its file is damaged, deleted or moved).
const LOST = /^SQLITE_(CORRUPT|NOTADB|READONLY_DBMOVED)/;

/** The engine's store in one SQLite file (WAL), or in memory. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly history: HistoryCache;
  private readonly stmt;
  // Locks live here, not in the dispatchers: one host owns the store, so they need not outlive the process.
  private readonly locks = new Map<string, number>();
  private readonly activityLocks = new Map<number, number>();
  // How often each activity was handed out since the host started, beside the count stored before.
  private readonly dequeues = new Map<number, number>();
  private nextToken = 1;
  private readonly hostLock?: HostLock;
  private readonly watch?: StoreFileWatch;
  private lostMessage?: string;
  private readonly onLostCallback?: (message: string) => void;
  private readonly walSync?: WalSync;
  private readonly index = new ReadyIndex();
  // Each instance's history length as last seen: with the messages, what fetching it will load.
  private readonly historySize = new Map<string, number>();
  // What the index learns inside a transaction waits for the commit: a rolled-back one teaches it nothing.
  private pendingIndex?: (() => void)[];
  private pendingUndo?: (() => void)[];
  // Instance rows by id (null: known not to exist), the most recently used kept.
  private readonly rows = new Map<string, InstanceRow | null>();
  /** The file did not exist before this store opened it. */
  readonly created: boolean;
  /** The schema version the store had when it was opened (older ones are migrated). */
  readonly openedAtVersion: number;

  constructor(
    readonly file: string | ':memory:',
    options: SqliteStoreOptions = {},
  ) {
    this.history = new HistoryCache(options.historyCacheBytes ?? DEFAULT_HISTORY_CACHE_BYTES);
    if (file === ':memory:') {
      this.db = new Database(':memory:');
      this.openedAtVersion = migrate(this.db);
      this.created = true;
    } else {
      const absolute = path.resolve(file);
      fs.mkdirSync(path.dirname(absolute), { recursive: true });
      // The lock first: a second host must not even read a store another one is writing.
      this.hostLock = options.exclusive === false ? undefined : HostLock.acquire(absolute);
      try {
        const opened = openStoreFile(absolute);
        this.db = opened.db;
        this.created = opened.created;
        this.openedAtVersion = opened.fromVersion;
      } catch (error) {
        this.hostLock?.release();
        throw error;
      }
      this.watch = new StoreFileWatch(absolute, (message) => this.markLost(message, options.onLost));
      if ((options.durability ?? 'full') === 'full') this.walSync = new WalSync(absolute);
      this.onLostCallback = options.onLost;
    }
    const db = this.db;
    this.stmt = {
      getInstance: db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE instance_id = ?'),
      upsertInstance: db.prepare(
        `INSERT INTO instances VALUES (@instance_id, @execution_id, @name, @version, @status, @input, @output, @custom_status,
          @created_at, @last_updated_at, @completed_at, @parent_instance_id, @parent_execution_id, @parent_task_id, @next_event_id, @etag)
         ON CONFLICT(instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
          status = excluded.status, input = excluded.input, output = excluded.output, custom_status = excluded.custom_status,
          created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = excluded.completed_at,
          parent_instance_id = excluded.parent_instance_id, parent_execution_id = excluded.parent_execution_id,
          parent_task_id = excluded.parent_task_id, next_event_id = excluded.next_event_id, etag = excluded.etag`,
      ),
      deleteInstance: db.prepare('DELETE FROM instances WHERE instance_id = ?'),
      historyOf: db.prepare<[string], { event: string }>('SELECT event FROM history WHERE instance_id = ? ORDER BY seq'),
      appendHistory: db.prepare('INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)'),
      deleteHistory: db.prepare('DELETE FROM history WHERE instance_id = ?'),
      insertMessage: db.prepare('INSERT INTO inbox (instance_id, execution_id, event_type, event, visible_at) VALUES (?, ?, ?, ?, ?)'),
      visibleMessages: db.prepare<[string, number, number], MessageRow>('SELECT * FROM inbox WHERE instance_id = ? AND visible_at <= ? ORDER BY id LIMIT ?'),
      deleteMessage: db.prepare('DELETE FROM inbox WHERE id = ?'),
      delayMessage: db.prepare('UPDATE inbox SET visible_at = ? WHERE id = ?'),
      deleteInbox: db.prepare('DELETE FROM inbox WHERE instance_id = ?'),
      timerMessages: db.prepare<[string], { id: number; event: string }>(
        `SELECT id, event FROM inbox WHERE instance_id = ? AND event_type = ${EventType.TimerFired}`,
      ),
      insertActivity: db.prepare('INSERT INTO activities (instance_id, execution_id, task_id, name, input, visible_at, trace_context) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      activityById: db.prepare<
        [number],
        { id: number; instance_id: string; execution_id: string; task_id: number; name: string; input: string | null; dequeue_count: number; trace_context: string | null }
      >(
        'SELECT * FROM activities WHERE id = ?',
      ),
      activityIdsOf: db.prepare<[string], { id: number }>('SELECT id FROM activities WHERE instance_id = ?'),
      allMessages: db.prepare<[], { id: number; instance_id: string; event_type: number; visible_at: number; size: number }>(
        'SELECT id, instance_id, event_type, visible_at, length(event) AS size FROM inbox',
      ),
      allActivities: db.prepare<[], { id: number; visible_at: number }>('SELECT id, visible_at FROM activities'),
      suspendedInstances: db.prepare<[], { instance_id: string }>("SELECT instance_id FROM instances WHERE status = 'Suspended'"),
      deleteActivity: db.prepare('DELETE FROM activities WHERE id = ?'),
      delayActivity: db.prepare('UPDATE activities SET visible_at = ? WHERE id = ?'),
      deleteActivitiesOf: db.prepare('DELETE FROM activities WHERE instance_id = ?'),
      releaseLeases: db.prepare('UPDATE activities SET visible_at = ? WHERE visible_at > ?'),
      getEntity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE entity_id = ?'),
      entityEtag: db.prepare<[string], { etag: number }>('SELECT etag FROM entities WHERE entity_id = ?'),
      upsertEntity: db.prepare(
        `INSERT INTO entities VALUES (@entity_id, @name, @key, @exists_flag, @state, @lock_owner, @queue, @last_modified, @etag)
         ON CONFLICT(entity_id) DO UPDATE SET exists_flag = excluded.exists_flag, state = excluded.state,
          lock_owner = excluded.lock_owner, queue = excluded.queue, last_modified = excluded.last_modified, etag = excluded.etag`,
      ),
      deleteEntity: db.prepare('DELETE FROM entities WHERE entity_id = ?'),
      getSchedule: db.prepare<[string], { last: number | null; next: number; last_updated: number }>(
        'SELECT last, next, last_updated FROM timer_schedule_status WHERE function_name = ?',
      ),
      putSchedule: db.prepare(
        `INSERT INTO timer_schedule_status (function_name, last, next, last_updated) VALUES (?, ?, ?, ?)
         ON CONFLICT(function_name) DO UPDATE SET last = excluded.last, next = excluded.next, last_updated = excluded.last_updated`,
      ),
    };
    this.rebuildIndex();
  }

  /** Records the host's URL beside the lock, for the message a second host prints. */
  setOwnerUrl(url: string): void {
    this.hostLock?.setUrl(url);
  }

  // ---- instances -----------------------------------------------------------------------------

  createInstance(request: CreateInstanceRequest): InstanceRecord {
    return this.guard(() => this.tx(() => this.insertInstance(request)));
  }

  addEvent(instanceId: string, event: HistoryEvent, acceptedIn: readonly RuntimeStatus[], operation: string, visibleAt: number): InstanceRecord {
    return this.guard(() =>
      this.tx(() => {
        const row = this.instanceRow(instanceId);
        if (!row) throw new InstanceNotFoundError(instanceId);
        if (!acceptedIn.includes(row.status)) throw new NotInStateError(instanceId, row.status, operation);
        this.insertMessage({ instanceId, executionId: null, event, visibleAt });
        return toInstance(row);
      }),
    );
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    return this.guard(() => {
      const row = this.instanceRow(instanceId);
      return row ? toInstance(row) : undefined;
    });
  }

  readHistory(instanceId: string): HistoryEvent[] {
    return this.guard(() => parseHistoryRows(this.storedHistory(instanceId)));
  }

  queryInstances(query: InstanceQuery): InstancePage {
    return this.guard(() => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.runtimeStatus?.length) {
        where.push(`status IN (${query.runtimeStatus.map(() => '?').join(',')})`);
        params.push(...query.runtimeStatus);
      }
      if (query.createdTimeFrom !== undefined) {
        where.push('created_at >= ?');
        params.push(query.createdTimeFrom);
      }
      if (query.createdTimeTo !== undefined) {
        where.push('created_at <= ?');
        params.push(query.createdTimeTo);
      }
      if (query.instanceIdPrefix) {
        // substr keeps the prefix literal: LIKE would read % and _ in it.
        where.push('substr(instance_id, 1, ?) = ?');
        params.push(query.instanceIdPrefix.length, query.instanceIdPrefix);
      }
      if (query.continuationToken) {
        const [createdAt, instanceId] = decodeInstancePageToken(query.continuationToken);
        where.push('(created_at > ? OR (created_at = ? AND instance_id > ?))');
        params.push(createdAt, createdAt, instanceId);
      }
      const pageSize = Math.max(1, Math.min(query.pageSize ?? 100, 1000));
      const sql = `SELECT * FROM instances ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY created_at, instance_id LIMIT ${pageSize + 1}`;
      const rows = this.db.prepare<(string | number)[], InstanceRow>(sql).all(...params);
      const instances = rows.slice(0, pageSize).map(toInstance);
      return { instances, continuationToken: rows.length > pageSize ? instancePageToken(instances[instances.length - 1]) : undefined };
    });
  }

  purgeInstance(instanceId: string): number {
    return this.guard(() =>
      this.tx(() => {
        const row = this.instanceRow(instanceId);
        if (!row) throw new InstanceNotFoundError(instanceId);
        // As the Azure Storage provider, in any state: work of a purged instance is dropped when it reports.
        this.removeInstance(instanceId);
        return 1;
      }),
    );
  }

  purgeInstances(filter: PurgeFilter): number {
    return this.guard(() => {
      const statuses = (filter.runtimeStatus?.length ? filter.runtimeStatus : TERMINAL_STATUSES).filter(isTerminal);
      if (!statuses.length) return 0;
      const where = [`status IN (${statuses.map(() => '?').join(',')})`];
      const params: (string | number)[] = [...statuses];
      if (filter.createdTimeFrom !== undefined) {
        where.push('created_at >= ?');
        params.push(filter.createdTimeFrom);
      }
      if (filter.createdTimeTo !== undefined) {
        where.push('created_at <= ?');
        params.push(filter.createdTimeTo);
      }
      return this.tx(() => {
        const ids = this.db.prepare<(string | number)[], { instance_id: string }>(`SELECT instance_id FROM instances WHERE ${where.join(' AND ')}`).all(...params);
        for (const { instance_id } of ids) this.removeInstance(instance_id);
        return ids.length;
      });
    });
  }

  // ---- orchestration work --------------------------------------------------------------------

  fetchOrchestrationWorkItems(now: number, limit: number, budget = Infinity): OrchestrationWorkItem[] {
    return this.guard(() => {
      const items: OrchestrationWorkItem[] = [];
      let taken = 0;
      for (const instanceId of this.index.readyInstances(now, limit, this.locks, false)) {
        // Over the budget, the rest waits in the store, unread: a fetch never loads what it cannot hold.
        const expected = this.index.messageSize(instanceId) + (this.historySize.get(instanceId) ?? 0);
        if (items.length && taken + expected > budget) break;
        taken += expected;
        // Small messages come from the index; only when one is too big to keep there is the inbox read.
        const messages = this.index.visibleMessages(instanceId) ?? this.stmt.visibleMessages.all(instanceId, now, 10_000).map(toMessage);
        if (!messages.length) continue;
        const row = this.instanceRow(instanceId);
        if (!row) {
          // Messages for an instance that was purged or never existed: nothing will take them.
          this.tx(() => messages.forEach((m) => this.deleteMessage(m.id)));
          continue;
        }
        const lockToken = this.nextToken++;
        this.locks.set(instanceId, lockToken);
        const history = this.storedHistory(instanceId);
        let historyChars = 0;
        for (const text of history) historyChars += text.length;
        this.historySize.set(instanceId, historyChars);
        const size = historyChars + this.index.messageSize(instanceId);
        items.push({ instanceId, lockToken, instance: toInstance(row), etag: row.etag, history, messages, size });
      }
      return items;
    });
  }

  completeOrchestrationWorkItems(completions: { item: OrchestrationWorkItem; changes: OrchestrationChanges }[]): CompletionOutcome[] {
    const histories: [string, string[] | undefined][] = [];
    const outcomes = this.guard(() =>
      this.tx(() =>
        completions.map(({ item, changes }) => {
          if (!this.stillCurrent(item) || this.childExists(changes)) return 'stale' as const;
          histories.push([item.instanceId, this.writeOrchestration(item, changes)]);
          return 'committed' as const;
        }),
      ),
    );
    // Only once the transaction is in does the cache move on, and only then are the locks given back.
    for (const [instanceId, history] of histories) {
      if (history) this.history.set(instanceId, history);
      else this.history.delete(instanceId);
    }
    for (const { item } of completions) this.unlock(item.instanceId, item.lockToken);
    return outcomes;
  }

  abandonOrchestrationWorkItem(item: OrchestrationWorkItem, retryAt?: number): void {
    try {
      if (retryAt !== undefined && this.locks.get(item.instanceId) === item.lockToken) {
        this.guard(() => this.tx(() => item.messages.forEach((m) => this.delayMessage(m.id, retryAt))));
      }
    } finally {
      this.unlock(item.instanceId, item.lockToken);
    }
  }

  // ---- entity work ---------------------------------------------------------------------------

  addEntityMessages(messages: { entityId: string; event: HistoryEvent; now: number }[]): void[] {
    this.guard(() => this.tx(() => messages.forEach((m) => this.insertMessage({ instanceId: m.entityId, executionId: null, event: m.event, visibleAt: m.now }))));
    return messages.map(() => undefined);
  }

  fetchEntityWorkItems(now: number, limit: number, messageLimit: number): EntityWorkItem[] {
    return this.guard(() => {
      const items: EntityWorkItem[] = [];
      for (const entityId of this.index.readyInstances(now, limit, this.locks, true)) {
        const item = this.lockEntity(entityId, now, messageLimit);
        if (item.messages.length) items.push(item);
        else this.unlock(entityId, item.lockToken);
      }
      return items;
    });
  }

  fetchEntityWorkItem(entityId: string, now: number, messageLimit: number): EntityWorkItem | undefined {
    return this.guard(() => (this.locks.has(entityId) ? undefined : this.lockEntity(entityId, now, messageLimit)));
  }

  private lockEntity(entityId: string, now: number, messageLimit: number): EntityWorkItem {
    // The index holds the visible messages in order when they are small; only a big one sends the fetch to the inbox.
    this.index.promote(now);
    const kept = this.index.visibleMessages(entityId);
    const messages = kept ? kept.slice(0, messageLimit) : this.stmt.visibleMessages.all(entityId, now, messageLimit).map(toMessage);
    const row = this.stmt.getEntity.get(entityId);
    const lockToken = this.nextToken++;
    this.locks.set(entityId, lockToken);
    return { entityId, lockToken, entity: row ? toEntity(row) : undefined, etag: row?.etag ?? 0, messages };
  }

  completeEntityWorkItem(item: EntityWorkItem, changes: EntityChanges): CompletionOutcome {
    try {
      return this.guard(() =>
        this.tx((): CompletionOutcome => {
          if (this.locks.get(item.entityId) !== item.lockToken || (this.stmt.entityEtag.get(item.entityId)?.etag ?? 0) !== item.etag) return 'stale';
          for (const id of changes.consumedMessageIds) this.deleteMessage(id);
          if (changes.entity) this.stmt.upsertEntity.run(toEntityRow(changes.entity, item.etag + 1));
          else this.stmt.deleteEntity.run(item.entityId);
          for (const m of changes.messages) this.insertMessage(m);
          return 'committed';
        }),
      );
    } finally {
      this.unlock(item.entityId, item.lockToken);
    }
  }

  abandonEntityWorkItem(item: EntityWorkItem, retryAt?: number): void {
    try {
      if (retryAt !== undefined && this.locks.get(item.entityId) === item.lockToken) {
        this.guard(() => this.tx(() => item.messages.forEach((m) => this.delayMessage(m.id, retryAt))));
      }
    } finally {
      this.unlock(item.entityId, item.lockToken);
    }
  }

  getEntity(entityId: string): EntityRecord | undefined {
    return this.guard(() => {
      const row = this.stmt.getEntity.get(entityId);
      return row ? toEntity(row) : undefined;
    });
  }

  queryEntities(query: EntityQuery): EntityPage {
    return this.guard(() => {
      const where = ['exists_flag = 1'];
      const params: (string | number)[] = [];
      if (query.name) {
        where.push('name = ?');
        params.push(query.name.toLowerCase());
      }
      if (query.lastOperationFrom !== undefined) {
        where.push('last_modified >= ?');
        params.push(query.lastOperationFrom);
      }
      if (query.lastOperationTo !== undefined) {
        where.push('last_modified <= ?');
        params.push(query.lastOperationTo);
      }
      if (query.continuationToken) {
        where.push('entity_id > ?');
        params.push(Buffer.from(query.continuationToken, 'base64url').toString('utf8'));
      }
      const pageSize = Math.max(1, Math.min(query.pageSize ?? 100, 1000));
      const rows = this.db
        .prepare<(string | number)[], EntityRow>(`SELECT * FROM entities WHERE ${where.join(' AND ')} ORDER BY entity_id LIMIT ${pageSize + 1}`)
        .all(...params);
      const entities = rows.slice(0, pageSize).map(toEntity);
      return {
        entities,
        continuationToken: rows.length > pageSize ? Buffer.from(entities[entities.length - 1].entityId).toString('base64url') : undefined,
      };
    });
  }

  purgeEntity(entityId: string): number {
    return this.guard(() =>
      this.tx(() => {
        const existed = this.stmt.getEntity.get(entityId) !== undefined;
        this.stmt.deleteEntity.run(entityId);
        this.deleteInbox(entityId);
        return existed ? 1 : 0;
      }),
    );
  }

  // ---- activity work -------------------------------------------------------------------------

  fetchActivityWorkItems(now: number, limit: number, leaseMs: number, fits?: (item: { name: string; inputLength: number }) => boolean): ActivityWorkItem[] {
    let full = false;
    return this.guard(() =>
      this.index.readyActivityIds(now, limit).flatMap((id, n) => {
        if (full) return [];
        const r = this.stmt.activityById.get(id);
        if (!r) return [];
        if (n > 0 && fits && !fits({ name: r.name, inputLength: r.input?.length ?? 0 })) {
          full = true;
          return [];
        }
        // The lease is kept in memory only: one host owns the store, and after a crash every lease
        // is void anyway (recover). A lease past the largest date SQLite and Date both hold would never expire: cap it.
        this.index.delayActivity(r.id, Math.min(now + leaseMs, 8.64e15));
        const lockToken = this.nextToken++;
        this.activityLocks.set(r.id, lockToken);
        const dequeues = (this.dequeues.get(r.id) ?? r.dequeue_count) + 1;
        this.dequeues.set(r.id, dequeues);
        return [
          {
            id: r.id,
            lockToken,
            instanceId: r.instance_id,
            executionId: r.execution_id,
            taskId: r.task_id,
            name: r.name,
            input: r.input,
            dequeueCount: dequeues,
            ...(r.trace_context ? { traceContext: JSON.parse(r.trace_context) as TraceContext } : {}),
          },
        ];
      }),
    );
  }

  completeActivityWorkItems(completions: { item: ActivityWorkItem; result: NewMessage }[]): CompletionOutcome[] {
    const outcomes = this.guard(() =>
      this.tx(() =>
        completions.map(({ item, result }): CompletionOutcome => {
          // The item is gone (its instance ended or was purged) or leased again after its lease ran out: drop the result.
          if (this.activityLocks.get(item.id) !== item.lockToken) return 'stale';
          if (this.stmt.deleteActivity.run(item.id).changes !== 1) return 'stale';
          this.dequeues.delete(item.id);
          this.afterCommit(() => this.index.removeActivity(item.id));
          this.insertMessage(result);
          return 'committed';
        }),
      ),
    );
    for (const { item } of completions) if (this.activityLocks.get(item.id) === item.lockToken) this.activityLocks.delete(item.id);
    return outcomes;
  }

  abandonActivityWorkItem(item: ActivityWorkItem, retryAt: number): void {
    if (this.activityLocks.get(item.id) !== item.lockToken) return;
    this.activityLocks.delete(item.id);
    this.guard(() =>
      this.tx(() => {
        this.stmt.delayActivity.run(retryAt, item.id);
        this.afterCommit(() => this.index.delayActivity(item.id, retryAt));
      }),
    );
  }

  // ---- the rest ------------------------------------------------------------------------------

  async durable(): Promise<void> {
    if (!this.walSync) return;
    if (this.lostMessage) throw new StoreLostError(this.lostMessage);
    try {
      await this.walSync.sync();
    } catch (error) {
      throw new StoreUnavailableError((error as NodeJS.ErrnoException).code ?? 'EIO', `The store's log could not be written to disk: ${(error as Error).message}`);
    }
  }

  recover(now: number): void {
    this.locks.clear();
    this.activityLocks.clear();
    this.guard(() =>
      this.tx(() => {
        this.stmt.releaseLeases.run(now, now);
        this.afterCommit(() => this.index.releaseActivities(now));
      }),
    );
  }

  hasVisibleWork(now: number): boolean {
    return this.index.hasReady(now, this.locks);
  }

  nextWakeAt(now: number): number | undefined {
    return this.index.nextAt(now);
  }

  getScheduleStatus(functionName: string): ScheduleStatusRecord | undefined {
    return this.guard(() => {
      const row = this.stmt.getSchedule.get(functionName);
      return row && { last: row.last, next: row.next, lastUpdated: row.last_updated };
    });
  }

  putScheduleStatus(functionName: string, status: ScheduleStatusRecord): void {
    this.guard(() => this.stmt.putSchedule.run(functionName, status.last, status.next, status.lastUpdated));
  }

  /** Whether the store's file was lost (deleted, replaced, damaged) while open. */
  get lost(): string | undefined {
    return this.lostMessage;
  }

  close(): void {
    this.watch?.stop();
    this.walSync?.close();
    this.history.clear();
    if (this.db.open) this.db.close();
    this.hostLock?.release();
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Runs a store operation, turning SQLite's failures into the domain's store errors. */
  private guard<T>(operation: () => T): T {
    if (this.lostMessage) throw new StoreLostError(this.lostMessage);
    try {
      return operation();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_')) throw error;
      if (LOST.test(code)) {
        const message = `The durable store ${this.file} can no longer be used (${code}: ${(error as Error).message}); the host stops so that nothing more is acknowledged into it.`;
        this.markLost(message, this.onLostCallback);
        throw new StoreLostError(message);
      }
      if (UNAVAILABLE.test(code)) throw new StoreUnavailableError(code, `${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  private markLost(message: string, onLost?: (message: string) => void): void {
    if (this.lostMessage) return;
    this.lostMessage = message;
    onLost?.(message);
  }

  private unlock(key: string, token: number): void {
    if (this.locks.get(key) === token) this.locks.delete(key);
  }

  /** The guard of every completion: the lock is still this item's, and the instance is still the one fetched. */
  private stillCurrent(item: OrchestrationWorkItem): boolean {
    if (this.locks.get(item.instanceId) !== item.lockToken) return false;
    return (this.instanceRow(item.instanceId)?.etag ?? 0) === item.etag;
  }

  /** A sub-orchestration the episode would start was started meanwhile: the episode must run again and see it. */
  private childExists(changes: OrchestrationChanges): boolean {
    return changes.startInstances.some((start) => {
      const child = this.instanceRow(start.instance.instanceId);
      return child !== undefined && start.conflictsWith.includes(child.status);
    });
  }

  private insertInstance(request: CreateInstanceRequest): InstanceRecord {
    const { instance } = request;
    const existing = this.instanceRow(instance.instanceId);
    if (existing && request.conflictsWith.includes(existing.status)) throw new InstanceExistsError(instance.instanceId, existing.status);
    if (existing) this.removeInstanceData(instance.instanceId);
    this.upsertInstance(instance, (existing?.etag ?? 0) + 1);
    this.insertMessage({ instanceId: instance.instanceId, executionId: instance.executionId, event: request.started, visibleAt: request.visibleAt });
    return instance;
  }

  /** The writes of one episode; returns the instance's history as it will be once they commit (undefined: unknown). */
  private writeOrchestration(item: OrchestrationWorkItem, changes: OrchestrationChanges): string[] | undefined {
    const { instanceId } = item;
    for (const id of changes.consumedMessageIds) this.deleteMessage(id);
    if (!changes.instance) return item.history as string[];
    const previous = changes.resetHistory ? [] : (item.history as string[]);
    if (changes.resetHistory) this.stmt.deleteHistory.run(instanceId);
    // One row for the episode: its events' texts joined by commas (parseHistoryRows reads them back).
    let chunk = '';
    for (const e of changes.appendHistory) {
      const text = JSON.stringify(e.IsPlayed ? e : { ...e, IsPlayed: true });
      chunk = chunk ? `${chunk},${text}` : text;
    }
    if (chunk) this.stmt.appendHistory.run(instanceId, previous.length, chunk);
    this.upsertInstance(changes.instance, item.etag + 1);
    if (changes.cancelledTimerIds.length) {
      const cancelled = new Set(changes.cancelledTimerIds);
      for (const t of this.stmt.timerMessages.all(instanceId)) {
        if (cancelled.has((JSON.parse(t.event) as HistoryEvent).TimerId ?? -1)) this.deleteMessage(t.id);
      }
    }
    if (changes.finished) {
      this.deleteInbox(instanceId);
      this.deleteActivitiesOf(instanceId);
    }
    for (const a of changes.activities) {
      const trace = a.traceContext ? JSON.stringify(a.traceContext) : null;
      const id = Number(this.stmt.insertActivity.run(a.instanceId, a.executionId, a.taskId, a.name, a.input, a.visibleAt, trace).lastInsertRowid);
      this.afterCommit(() => this.index.addActivity(id, a.visibleAt));
    }
    for (const m of changes.messages) this.insertMessage(m);
    for (const start of changes.startInstances) this.insertInstance(start);
    return chunk ? previous.concat([chunk]) : previous;
  }

  private insertMessage(m: NewMessage): void {
    const text = JSON.stringify(m.event);
    const id = Number(this.stmt.insertMessage.run(m.instanceId, m.executionId, m.event.EventType, text, m.visibleAt).lastInsertRowid);
    const size = text.length;
    const message: InboxMessage = { id, instanceId: m.instanceId, executionId: m.executionId, event: m.event, visibleAt: m.visibleAt };
    this.afterCommit(() => this.index.addMessage(id, m.instanceId, m.event.EventType, m.visibleAt, size, message));
  }

  private deleteMessage(id: number): void {
    this.stmt.deleteMessage.run(id);
    this.afterCommit(() => this.index.removeMessage(id));
  }

  private delayMessage(id: number, at: number): void {
    this.stmt.delayMessage.run(at, id);
    this.afterCommit(() => this.index.delayMessage(id, at));
  }

  private deleteInbox(instanceId: string): void {
    this.stmt.deleteInbox.run(instanceId);
    this.afterCommit(() => this.index.removeInstanceMessages(instanceId));
  }

  private deleteActivitiesOf(instanceId: string): void {
    const ids = this.stmt.activityIdsOf.all(instanceId).map((r) => r.id);
    this.stmt.deleteActivitiesOf.run(instanceId);
    this.afterCommit(() => ids.forEach((id) => this.index.removeActivity(id)));
  }

  private upsertInstance(instance: InstanceRecord, etag: number): void {
    const row = toInstanceRow(instance, etag);
    this.stmt.upsertInstance.run(row);
    this.cacheRow(instance.instanceId, row);
    const suspended = instance.status === 'Suspended';
    this.afterCommit(() => this.index.setSuspended(instance.instanceId, suspended));
  }

  /**
   * Runs `work` in one transaction. What it taught the index applies once the outermost one has
   * committed; what it wrote through to the row cache is undone if it rolls back.
   */
  private tx<T>(work: () => T): T {
    if (this.pendingIndex) return this.db.transaction(work)();
    const pending: (() => void)[] = [];
    const undo: (() => void)[] = [];
    this.pendingIndex = pending;
    this.pendingUndo = undo;
    let result: T;
    try {
      result = this.db.transaction(work)();
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      throw error;
    } finally {
      this.pendingIndex = undefined;
      this.pendingUndo = undefined;
    }
    for (const apply of pending) apply();
    return result;
  }

  /** An instance's row, from the cache (the store is the only writer) or the table. */
  private instanceRow(instanceId: string): InstanceRow | undefined {
    const cached = this.rows.get(instanceId);
    if (cached !== undefined) {
      // Touched: it moves to the young end.
      this.rows.delete(instanceId);
      this.rows.set(instanceId, cached);
      return cached ?? undefined;
    }
    const row = this.stmt.getInstance.get(instanceId);
    this.remember(instanceId, row ?? null);
    return row;
  }

  /** Writes a row (or its absence) through to the cache; inside a transaction, undone if it rolls back. */
  private cacheRow(instanceId: string, row: InstanceRow | null): void {
    if (this.pendingUndo) {
      const before = this.rows.get(instanceId);
      this.pendingUndo.push(() => (before === undefined ? this.rows.delete(instanceId) : this.rows.set(instanceId, before)));
    }
    this.remember(instanceId, row);
  }

  private remember(instanceId: string, row: InstanceRow | null): void {
    this.rows.delete(instanceId);
    this.rows.set(instanceId, row);
    if (this.rows.size > ROW_CACHE_SIZE) {
      const oldest = this.rows.keys().next().value;
      if (oldest !== undefined) this.rows.delete(oldest);
    }
  }

  private afterCommit(apply: () => void): void {
    if (this.pendingIndex) this.pendingIndex.push(apply);
    else apply();
  }

  /** The index, from the tables as they are: at open, nothing is locked and the store is the only writer. */
  private rebuildIndex(): void {
    for (const m of this.stmt.allMessages.iterate()) this.index.addMessage(m.id, m.instance_id, m.event_type, m.visible_at, m.size);
    for (const a of this.stmt.allActivities.iterate()) this.index.addActivity(a.id, a.visible_at);
    for (const r of this.stmt.suspendedInstances.iterate()) this.index.setSuspended(r.instance_id, true);
  }

  private storedHistory(instanceId: string): string[] {
    const cached = this.history.get(instanceId);
    if (cached) return cached;
    const history = this.stmt.historyOf.all(instanceId).map((r) => r.event);
    this.history.set(instanceId, history);
    return history;
  }

  private removeInstance(instanceId: string): void {
    this.removeInstanceData(instanceId);
    this.stmt.deleteInstance.run(instanceId);
    this.cacheRow(instanceId, null);
    this.afterCommit(() => this.index.setSuspended(instanceId, false));
  }

  private removeInstanceData(instanceId: string): void {
    this.stmt.deleteHistory.run(instanceId);
    this.deleteInbox(instanceId);
    this.deleteActivitiesOf(instanceId);
    this.history.delete(instanceId);
    this.historySize.delete(instanceId);
  }
}
