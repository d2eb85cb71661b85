import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { HistoryEvent } from '../../model/history';
import type { InstanceRecord, RuntimeStatus } from '../../model/instance';
import { type InstanceRow, toInstance } from './rows';
import { parseHistoryRows } from '../historyRows';
import { SCHEMA_VERSION } from './schema';
import { StoreFileError } from './StoreFile';

export interface StoreReaderQuery {
  /** Only these statuses (all when empty). */
  statuses?: readonly RuntimeStatus[];
  /** Only these instances (all when empty). */
  instanceIds?: readonly string[];
}

/**
 * Reads a store file without writing to it and without the host lock, so it works beside a running
 * host (SQLite's WAL lets readers in while the host writes): for `verify` and `instances export`.
 */
export class StoreReader {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  static open(file: string): StoreReader {
    if (!fs.existsSync(file)) throw new StoreFileError(`There is no durable store at ${file} (use --data, or --script-root for its hub name).`);
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new StoreFileError(`The durable store ${file} cannot be opened: ${(error as Error).message}`);
    }
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      const hasInstances = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'instances'").get();
      if (!hasInstances) throw new StoreFileError(`${file} is not a durable-host store (it has no instances table).`);
      if (version > SCHEMA_VERSION) throw new StoreFileError(`The store ${file} has schema version ${version}, newer than this durable-host reads (${SCHEMA_VERSION}).`);
    } catch (error) {
      db.close();
      if (error instanceof StoreFileError) throw error;
      throw new StoreFileError(`The durable store ${file} cannot be read: ${(error as Error).message}`);
    }
    return new StoreReader(file, db);
  }

  instances(query: StoreReaderQuery = {}): InstanceRecord[] {
    const where: string[] = [];
    const params: string[] = [];
    if (query.statuses?.length) {
      where.push(`status IN (${query.statuses.map(() => '?').join(',')})`);
      params.push(...query.statuses);
    }
    if (query.instanceIds?.length) {
      where.push(`instance_id IN (${query.instanceIds.map(() => '?').join(',')})`);
      params.push(...query.instanceIds);
    }
    const sql = `SELECT * FROM instances ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, instance_id`;
    return this.db.prepare<string[], InstanceRow>(sql).all(...params).map(toInstance);
  }

  /** The current execution's history, in order. */
  history(instanceId: string): HistoryEvent[] {
    return parseHistoryRows(
      this.db
        .prepare<[string], { event: string }>('SELECT event FROM history WHERE instance_id = ? ORDER BY seq')
        .all(instanceId)
        .map((r) => r.event),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
