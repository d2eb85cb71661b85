import type Database from 'better-sqlite3';
import { EventType } from '../../model/history';

/** The schema version this build writes; `PRAGMA user_version` holds a store's own. */
export const SCHEMA_VERSION = 3;

// Schema 0 is what the first builds wrote (they recorded no version); a fresh store gets the latest at once.
const LATEST = `
CREATE TABLE instances (
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
  next_event_id INTEGER NOT NULL DEFAULT 0,
  etag INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX instances_by_created ON instances(created_at, instance_id);
CREATE INDEX instances_by_status ON instances(status, created_at);
CREATE TABLE history (
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
CREATE TABLE inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT,
  event_type INTEGER NOT NULL,
  event TEXT NOT NULL,
  visible_at INTEGER NOT NULL
);
CREATE INDEX inbox_by_instance ON inbox(instance_id, id);
CREATE TABLE activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  input TEXT,
  visible_at INTEGER NOT NULL,
  dequeue_count INTEGER NOT NULL DEFAULT 0,
  trace_context TEXT
);
CREATE INDEX activities_by_instance ON activities(instance_id);
CREATE TABLE entities (
  entity_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  exists_flag INTEGER NOT NULL,
  state TEXT,
  lock_owner TEXT,
  queue TEXT,
  last_modified INTEGER NOT NULL,
  etag INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX entities_by_name ON entities(name, key);
CREATE TABLE timer_schedule_status (
  function_name TEXT PRIMARY KEY COLLATE NOCASE,
  last INTEGER,
  next INTEGER NOT NULL,
  last_updated INTEGER NOT NULL
);
`;

/** Each step takes a store from version i to i + 1. */
const MIGRATIONS: ((db: Database.Database) => void)[] = [
  // 0 -> 1: row versions guard completions; the timer schedule status became the store's own table.
  (db) => {
    db.exec(`ALTER TABLE instances ADD COLUMN etag INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE entities ADD COLUMN etag INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE IF NOT EXISTS timer_schedule_status (
        function_name TEXT PRIMARY KEY COLLATE NOCASE, last INTEGER, next INTEGER NOT NULL, last_updated INTEGER NOT NULL
      );`);
  },
  // 1 -> 2: an activity keeps its span in the orchestration's trace (W3C trace context, JSON).
  (db) => {
    db.exec('ALTER TABLE activities ADD COLUMN trace_context TEXT;');
  },
  // 2 -> 3: what is visible when lives in the store's in-memory index (ReadyIndex); the time indexes only cost writes.
  (db) => {
    db.exec('DROP INDEX IF EXISTS inbox_by_visible; DROP INDEX IF EXISTS activities_by_visible;');
  },
];

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/** Brings a store to SCHEMA_VERSION: creates it when empty, migrates it forward otherwise. Returns the version it was at. */
export function migrate(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  if (tables.length === 0) {
    db.transaction(() => {
      db.exec(LATEST);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return SCHEMA_VERSION;
  }
  if (version > SCHEMA_VERSION) {
    throw new SchemaError(`The store has schema version ${version}, newer than this durable-host understands (${SCHEMA_VERSION}): it was written by a newer build.`);
  }
  if (version === 0 && !tables.some((t) => t.name === 'instances')) {
    throw new SchemaError('The file is an SQLite database but not a durable-host store (it has no instances table).');
  }
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) MIGRATIONS[v](db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return version;
}

// A suspended instance only wakes for resume or terminate; its other messages wait.
export const RUNNABLE = `(s.status IS NULL OR s.status <> 'Suspended' OR m.event_type IN (${EventType.ExecutionTerminated}, ${EventType.ExecutionResumed}))`;
