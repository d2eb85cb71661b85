import type Database from 'better-sqlite3';
import type { ScheduleStatus } from './ScheduleStatus';

interface StatusRow {
  last: number | null;
  next: number;
  last_updated: number;
}

/** Monitored timers' schedule status, in a table of its own in the durable store's SQLite file. */
export class ScheduleStatusStore {
  private readonly select;
  private readonly upsert;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS timer_schedule_status (
      function_name TEXT PRIMARY KEY COLLATE NOCASE,
      last INTEGER,
      next INTEGER NOT NULL,
      last_updated INTEGER NOT NULL
    )`);
    this.select = db.prepare<[string], StatusRow>('SELECT last, next, last_updated FROM timer_schedule_status WHERE function_name = ?');
    this.upsert = db.prepare(
      `INSERT INTO timer_schedule_status (function_name, last, next, last_updated) VALUES (?, ?, ?, ?)
       ON CONFLICT(function_name) DO UPDATE SET last = excluded.last, next = excluded.next, last_updated = excluded.last_updated`,
    );
  }

  get(functionName: string): ScheduleStatus | undefined {
    const row = this.select.get(functionName);
    return row && { last: row.last, next: row.next, lastUpdated: row.last_updated };
  }

  put(functionName: string, status: ScheduleStatus): void {
    this.upsert.run(functionName, status.last, status.next, status.lastUpdated);
  }
}
