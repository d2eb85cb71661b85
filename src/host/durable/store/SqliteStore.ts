import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EventType, type HistoryEvent } from '../history';
import type { EntityRequest } from '../entities/EntityRequest';
import {
  type ActivityWorkItem,
  type EntityBatchCommit,
  type EntityPage,
  type EntityQuery,
  type EntityRecord,
  type EntityWorkItem,
  type EpisodeCommit,
  type InboxMessage,
  InstanceConflictError,
  type InstancePage,
  type InstanceQuery,
  type InstanceRecord,
  type NewMessage,
  type OrchestrationWorkItem,
  type PurgeFilter,
  type RuntimeStatus,
  type StartRequest,
  type Store,
  TERMINAL_STATUSES,
  isTerminal,
} from './Store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  instance_id TEXT PRIMARY KEY,
  execution_id TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  custom_status TEXT,
  created_at INTEGER NOT NULL,
  last_updated_at INTEGER NOT NULL,
  completed_at INTEGER,
  parent_instance_id TEXT,
  parent_execution_id TEXT,
  parent_task_id INTEGER,
  next_event_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS instances_by_created ON instances(created_at, instance_id);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances(status, created_at);
CREATE TABLE IF NOT EXISTS history (
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT,
  event_type INTEGER NOT NULL,
  event TEXT NOT NULL,
  visible_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_by_visible ON inbox(visible_at);
CREATE INDEX IF NOT EXISTS inbox_by_instance ON inbox(instance_id, id);
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  input TEXT,
  visible_at INTEGER NOT NULL,
  dequeue_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS entities (
  entity_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  exists_flag INTEGER NOT NULL,
  state TEXT,
  lock_owner TEXT,
  queue TEXT,
  last_modified INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_by_name ON entities(name, key);
CREATE INDEX IF NOT EXISTS activities_by_visible ON activities(visible_at);
CREATE INDEX IF NOT EXISTS activities_by_instance ON activities(instance_id);
`;

interface InstanceRow {
  instance_id: string;
  execution_id: string;
  name: string;
  version: string | null;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  parent_instance_id: string | null;
  parent_execution_id: string | null;
  parent_task_id: number | null;
  next_event_id: number;
}

function toRecord(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    executionId: row.execution_id,
    name: row.name,
    version: row.version,
    status: row.status,
    input: row.input,
    output: row.output,
    customStatus: row.custom_status,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    completedAt: row.completed_at,
    parentInstanceId: row.parent_instance_id,
    parentExecutionId: row.parent_execution_id,
    parentTaskId: row.parent_task_id,
    nextEventId: row.next_event_id,
  };
}

function toRow(r: InstanceRecord): InstanceRow {
  return {
    instance_id: r.instanceId,
    execution_id: r.executionId,
    name: r.name,
    version: r.version,
    status: r.status,
    input: r.input,
    output: r.output,
    custom_status: r.customStatus,
    created_at: r.createdAt,
    last_updated_at: r.lastUpdatedAt,
    completed_at: r.completedAt,
    parent_instance_id: r.parentInstanceId,
    parent_execution_id: r.parentExecutionId,
    parent_task_id: r.parentTaskId,
    next_event_id: r.nextEventId,
  };
}

interface EntityRow {
  entity_id: string;
  name: string;
  key: string;
  exists_flag: number;
  state: string | null;
  lock_owner: string | null;
  queue: string | null;
  last_modified: number;
}

function toEntity(row: EntityRow): EntityRecord {
  return {
    entityId: row.entity_id,
    name: row.name,
    key: row.key,
    exists: row.exists_flag === 1,
    state: row.state,
    lockOwner: row.lock_owner,
    queue: row.queue ? (JSON.parse(row.queue) as EntityRequest[]) : [],
    lastModified: row.last_modified,
  };
}

/** Encodes the position after the last row of a page. */
function encodeToken(row: InstanceRecord): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.instanceId])).toString('base64url');
}

function decodeToken(token: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new RangeError('The continuation token is not valid.');
}

const HISTORY_CACHE_LIMIT = 1_024;

// A suspended instance only wakes for resume or terminate; its other messages wait.
const RUNNABLE = `(s.status IS NULL OR s.status <> 'Suspended' OR m.event_type IN (${EventType.ExecutionTerminated}, ${EventType.ExecutionResumed}))`;

/** The engine's store in one SQLite file (WAL), or in memory. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  // The store is the only writer, so the stored history of busy instances can be kept as text.
  private readonly historyCache = new Map<string, string[]>();
  private readonly stmt;

  constructor(file: string | ':memory:') {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      getInstance: db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE instance_id = ?'),
      upsertInstance: db.prepare(
        `INSERT INTO instances VALUES (@instance_id, @execution_id, @name, @version, @status, @input, @output, @custom_status,
          @created_at, @last_updated_at, @completed_at, @parent_instance_id, @parent_execution_id, @parent_task_id, @next_event_id)
         ON CONFLICT(instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
          status = excluded.status, input = excluded.input, output = excluded.output, custom_status = excluded.custom_status,
          created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = excluded.completed_at,
          parent_instance_id = excluded.parent_instance_id, parent_execution_id = excluded.parent_execution_id,
          parent_task_id = excluded.parent_task_id, next_event_id = excluded.next_event_id`,
      ),
      historyOf: db.prepare<[string], { event: string }>('SELECT event FROM history WHERE instance_id = ? ORDER BY seq'),
      appendHistory: db.prepare('INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)'),
      deleteHistory: db.prepare('DELETE FROM history WHERE instance_id = ?'),
      insertMessage: db.prepare('INSERT INTO inbox (instance_id, execution_id, event_type, event, visible_at) VALUES (?, ?, ?, ?, ?)'),
      visibleMessages: db.prepare<[string, number], { id: number; instance_id: string; execution_id: string | null; event: string; visible_at: number }>(
        'SELECT * FROM inbox WHERE instance_id = ? AND visible_at <= ? ORDER BY id',
      ),
      deleteMessage: db.prepare('DELETE FROM inbox WHERE id = ?'),
      deleteInbox: db.prepare('DELETE FROM inbox WHERE instance_id = ?'),
      timerMessages: db.prepare<[string], { id: number; event: string }>(
        `SELECT id, event FROM inbox WHERE instance_id = ? AND event_type = ${EventType.TimerFired}`,
      ),
      ready: db.prepare<[number, number], { instance_id: string }>(
        `SELECT m.instance_id FROM inbox m LEFT JOIN instances s ON s.instance_id = m.instance_id
         WHERE m.visible_at <= ? AND ${RUNNABLE} GROUP BY m.instance_id ORDER BY MIN(m.id) LIMIT ?`,
      ),
      insertActivity: db.prepare(
        'INSERT INTO activities (instance_id, execution_id, task_id, name, input, visible_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      visibleActivities: db.prepare<[number, number], { id: number; instance_id: string; execution_id: string; task_id: number; name: string; input: string | null; dequeue_count: number }>(
        'SELECT * FROM activities WHERE visible_at <= ? ORDER BY id LIMIT ?',
      ),
      leaseActivity: db.prepare('UPDATE activities SET visible_at = ?, dequeue_count = dequeue_count + 1 WHERE id = ?'),
      deleteActivity: db.prepare('DELETE FROM activities WHERE id = ?'),
      deleteActivitiesOf: db.prepare('DELETE FROM activities WHERE instance_id = ?'),
      releaseLeases: db.prepare('UPDATE activities SET visible_at = ? WHERE visible_at > ?'),
      nextMessage: db.prepare<[number], { t: number | null }>('SELECT MIN(visible_at) AS t FROM inbox WHERE visible_at > ?'),
      nextActivity: db.prepare<[number], { t: number | null }>('SELECT MIN(visible_at) AS t FROM activities WHERE visible_at > ?'),
      anyVisible: db.prepare<[number, number], { one: number }>(
        `SELECT 1 AS one FROM inbox m LEFT JOIN instances s ON s.instance_id = m.instance_id WHERE m.visible_at <= ? AND ${RUNNABLE}
         UNION ALL SELECT 1 FROM activities WHERE visible_at <= ? LIMIT 1`,
      ),
      getEntity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE entity_id = ?'),
      upsertEntity: db.prepare(
        `INSERT INTO entities VALUES (@entity_id, @name, @key, @exists_flag, @state, @lock_owner, @queue, @last_modified)
         ON CONFLICT(entity_id) DO UPDATE SET exists_flag = excluded.exists_flag, state = excluded.state,
          lock_owner = excluded.lock_owner, queue = excluded.queue, last_modified = excluded.last_modified`,
      ),
      deleteEntity: db.prepare('DELETE FROM entities WHERE entity_id = ?'),
      entityMessages: db.prepare<[string, number, number], { id: number; instance_id: string; execution_id: string | null; event: string; visible_at: number }>(
        'SELECT * FROM inbox WHERE instance_id = ? AND visible_at <= ? ORDER BY id LIMIT ?',
      ),
      deleteInstance: db.prepare('DELETE FROM instances WHERE instance_id = ?'),
    };
  }

  /** The connection, for host parts that keep small tables of their own in the same file. */
  get database(): Database.Database {
    return this.db;
  }

  createInstance(request: StartRequest, now: number): InstanceRecord {
    return this.db.transaction(() => this.insertInstance(request, now))();
  }

  private insertInstance(request: StartRequest, now: number): InstanceRecord {
    {
      const existing = this.stmt.getInstance.get(request.instanceId);
      if (existing && !isTerminal(existing.status)) throw new InstanceConflictError(request.instanceId, existing.status);
      if (existing) this.removeInstanceData(request.instanceId);
      const record: InstanceRecord = {
        instanceId: request.instanceId,
        executionId: randomUUID().replace(/-/g, ''),
        name: request.name,
        version: request.version ?? null,
        status: 'Pending',
        input: request.input,
        output: null,
        customStatus: null,
        createdAt: now,
        lastUpdatedAt: now,
        completedAt: null,
        parentInstanceId: request.parentInstanceId ?? null,
        parentExecutionId: request.parentExecutionId ?? null,
        parentTaskId: request.parentTaskId ?? null,
        nextEventId: 0,
      };
      this.stmt.upsertInstance.run(toRow(record));
      const started: HistoryEvent = {
        EventType: EventType.ExecutionStarted,
        EventId: -1,
        IsPlayed: false,
        Timestamp: new Date(now).toISOString(),
        Name: request.name,
        Input: request.input,
        Version: request.version ?? '',
        ParentInstance: request.parentInstanceId
          ? { InstanceId: request.parentInstanceId, TaskScheduleId: request.parentTaskId ?? -1, Name: '' }
          : null,
      };
      this.insertMessage({ instanceId: record.instanceId, executionId: record.executionId, event: started, visibleAt: request.visibleAt ?? now });
      return record;
    }
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    const row = this.stmt.getInstance.get(instanceId);
    return row ? toRecord(row) : undefined;
  }

  readHistory(instanceId: string): HistoryEvent[] {
    return this.storedHistory(instanceId).map((text) => JSON.parse(text) as HistoryEvent);
  }

  queryInstances(query: InstanceQuery): InstancePage {
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
      const [createdAt, instanceId] = decodeToken(query.continuationToken);
      where.push('(created_at > ? OR (created_at = ? AND instance_id > ?))');
      params.push(createdAt, createdAt, instanceId);
    }
    const pageSize = Math.max(1, Math.min(query.pageSize ?? 100, 1000));
    const sql = `SELECT * FROM instances ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY created_at, instance_id LIMIT ${pageSize + 1}`;
    const rows = this.db.prepare<(string | number)[], InstanceRow>(sql).all(...params);
    const instances = rows.slice(0, pageSize).map(toRecord);
    return {
      instances,
      continuationToken: rows.length > pageSize ? encodeToken(instances[instances.length - 1]) : undefined,
    };
  }

  enqueueMessages(messages: NewMessage[]): void {
    this.db.transaction(() => {
      for (const m of messages) this.insertMessage(m);
    })();
  }

  purgeInstance(instanceId: string): number {
    return this.db.transaction(() => {
      const row = this.stmt.getInstance.get(instanceId);
      if (!row || !isTerminal(row.status)) return 0;
      this.removeInstanceData(instanceId);
      this.stmt.deleteInstance.run(instanceId);
      return 1;
    })();
  }

  purgeInstances(filter: PurgeFilter): number {
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
    return this.db.transaction(() => {
      const ids = this.db
        .prepare<(string | number)[], { instance_id: string }>(`SELECT instance_id FROM instances WHERE ${where.join(' AND ')}`)
        .all(...params);
      for (const { instance_id } of ids) {
        this.removeInstanceData(instance_id);
        this.stmt.deleteInstance.run(instance_id);
      }
      return ids.length;
    })();
  }

  readyOrchestrations(now: number, limit: number, exclude: ReadonlySet<string>): string[] {
    const rows = this.stmt.ready.all(now, limit + exclude.size);
    const ids: string[] = [];
    for (const { instance_id } of rows) {
      if (!exclude.has(instance_id)) ids.push(instance_id);
      if (ids.length >= limit) break;
    }
    return ids;
  }

  loadOrchestrationWorkItem(instanceId: string, now: number): OrchestrationWorkItem | undefined {
    const rows = this.stmt.visibleMessages.all(instanceId, now);
    if (!rows.length) return undefined;
    const row = this.stmt.getInstance.get(instanceId);
    const messages: InboxMessage[] = rows.map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      event: JSON.parse(r.event) as HistoryEvent,
      visibleAt: r.visible_at,
    }));
    if (!row) {
      // Messages for an instance that was purged or never existed: nothing will take them.
      this.db.transaction(() => messages.forEach((m) => this.stmt.deleteMessage.run(m.id)))();
      return undefined;
    }
    return { instance: toRecord(row), history: this.storedHistory(instanceId), messages };
  }

  commitEpisode(commit: EpisodeCommit): void {
    this.commitEpisodes([commit]);
  }

  commitEpisodes(commits: EpisodeCommit[]): void {
    const histories: [string, string[]][] = [];
    this.db.transaction(() => {
      for (const commit of commits) histories.push(this.writeEpisode(commit));
    })();
    // Only after the commit succeeded does the cache move on.
    for (const [instanceId, history] of histories) this.cacheHistory(instanceId, history);
  }

  /** The writes of one episode; returns the instance's history as it will be once they commit. */
  private writeEpisode(commit: EpisodeCommit): [string, string[]] {
    const { instanceId } = commit;
    const cached = commit.resetHistory ? [] : this.storedHistory(instanceId);
    const appended = commit.appendHistory.map((e) => JSON.stringify({ ...e, IsPlayed: true }));
    for (const id of commit.consumedMessageIds) this.stmt.deleteMessage.run(id);
    if (commit.resetHistory) this.stmt.deleteHistory.run(instanceId);
    let seq = cached.length;
    for (const text of appended) this.stmt.appendHistory.run(instanceId, seq++, text);
    this.stmt.upsertInstance.run(toRow(commit.instance));
    if (commit.cancelledTimerIds.length) {
      const cancelled = new Set(commit.cancelledTimerIds);
      for (const t of this.stmt.timerMessages.all(instanceId)) {
        if (cancelled.has((JSON.parse(t.event) as HistoryEvent).TimerId ?? -1)) this.stmt.deleteMessage.run(t.id);
      }
    }
    if (commit.finished) {
      this.stmt.deleteInbox.run(instanceId);
      this.stmt.deleteActivitiesOf.run(instanceId);
    }
    for (const a of commit.activities) {
      this.stmt.insertActivity.run(a.instanceId, a.executionId, a.taskId, a.name, a.input, a.visibleAt);
    }
    for (const m of commit.messages) this.insertMessage(m);
    for (const start of commit.startInstances) this.insertInstance(start, commit.instance.lastUpdatedAt);
    return [instanceId, cached.concat(appended)];
  }

  loadEntityWorkItem(entityId: string, now: number, limit: number): EntityWorkItem {
    const row = this.stmt.getEntity.get(entityId);
    const messages = this.stmt.entityMessages.all(entityId, now, limit).map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      event: JSON.parse(r.event) as HistoryEvent,
      visibleAt: r.visible_at,
    }));
    return { entity: row ? toEntity(row) : undefined, messages };
  }

  commitEntityBatch(commit: EntityBatchCommit): void {
    this.db.transaction(() => {
      for (const id of commit.consumedMessageIds) this.stmt.deleteMessage.run(id);
      const e = commit.entity;
      if (e) {
        this.stmt.upsertEntity.run({
          entity_id: e.entityId,
          name: e.name,
          key: e.key,
          exists_flag: e.exists ? 1 : 0,
          state: e.state,
          lock_owner: e.lockOwner,
          queue: e.queue.length ? JSON.stringify(e.queue) : null,
          last_modified: e.lastModified,
        });
      } else {
        this.stmt.deleteEntity.run(commit.entityId);
      }
      for (const m of commit.messages) this.insertMessage(m);
    })();
  }

  getEntity(entityId: string): EntityRecord | undefined {
    const row = this.stmt.getEntity.get(entityId);
    return row ? toEntity(row) : undefined;
  }

  queryEntities(query: EntityQuery): EntityPage {
    const where = ['exists_flag = 1'];
    const params: (string | number)[] = [];
    if (query.name) {
      where.push('name = ?');
      params.push(query.name.toLowerCase());
    }
    if (query.continuationToken) {
      let after: string;
      try {
        after = Buffer.from(query.continuationToken, 'base64url').toString('utf8');
      } catch {
        throw new RangeError('The continuation token is not valid.');
      }
      where.push('entity_id > ?');
      params.push(after);
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
  }

  leaseActivities(now: number, limit: number, leaseMs: number): ActivityWorkItem[] {
    return this.db.transaction(() => {
      const rows = this.stmt.visibleActivities.all(now, limit);
      return rows.map((r) => {
        this.stmt.leaseActivity.run(now + leaseMs, r.id);
        return {
          id: r.id,
          instanceId: r.instance_id,
          executionId: r.execution_id,
          taskId: r.task_id,
          name: r.name,
          input: r.input,
          dequeueCount: r.dequeue_count + 1,
        };
      });
    })();
  }

  completeActivities(completions: { itemId: number; result: NewMessage }[]): void {
    this.db.transaction(() => {
      for (const { itemId, result } of completions) {
        // A work item deleted meanwhile (its instance ended) still reports; the dispatcher drops the stale message.
        this.stmt.deleteActivity.run(itemId);
        this.insertMessage(result);
      }
    })();
  }

  releaseLeases(now: number): void {
    this.stmt.releaseLeases.run(now, now);
  }

  hasVisibleWork(now: number): boolean {
    return this.stmt.anyVisible.get(now, now) !== undefined;
  }

  nextWakeAt(now: number): number | undefined {
    const a = this.stmt.nextMessage.get(now)?.t ?? undefined;
    const b = this.stmt.nextActivity.get(now)?.t ?? undefined;
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  close(): void {
    this.historyCache.clear();
    if (this.db.open) this.db.close();
  }

  private insertMessage(m: NewMessage): void {
    this.stmt.insertMessage.run(m.instanceId, m.executionId, m.event.EventType, JSON.stringify(m.event), m.visibleAt);
  }

  private storedHistory(instanceId: string): string[] {
    const cached = this.historyCache.get(instanceId);
    if (cached) return cached;
    const history = this.stmt.historyOf.all(instanceId).map((r) => r.event);
    this.cacheHistory(instanceId, history);
    return history;
  }

  private cacheHistory(instanceId: string, history: string[]): void {
    this.historyCache.delete(instanceId);
    this.historyCache.set(instanceId, history);
    if (this.historyCache.size > HISTORY_CACHE_LIMIT) {
      const oldest = this.historyCache.keys().next().value;
      if (oldest !== undefined) this.historyCache.delete(oldest);
    }
  }

  private removeInstanceData(instanceId: string): void {
    this.stmt.deleteHistory.run(instanceId);
    this.stmt.deleteInbox.run(instanceId);
    this.stmt.deleteActivitiesOf.run(instanceId);
    this.historyCache.delete(instanceId);
  }
}
