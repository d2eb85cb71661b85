import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, SchemaError, migrate } from './schema';

export type Durability = 'full' | 'normal';

/** The store file cannot be used as it is; the message says what to do. */
export class StoreFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFileError';
  }
}

export interface OpenedStore {
  db: Database.Database;
  /** The file did not exist: a new, empty store. */
  created: boolean;
  /** The schema version the store had before this start. */
  fromVersion: number;
}

function recoveryAdvice(file: string): string {
  return (
    `To start with an empty store, move it aside (mv "${file}" "${file}.damaged", and its -wal and -shm files); ` +
    `to save what is left, try \`sqlite3 "${file}" .recover\` into a new file first.`
  );
}

/**
 * Opens (or creates) the store file: a damaged one is refused, the schema is brought up to date.
 * SQLite runs with `synchronous=NORMAL`: every commit is atomic and the store consistent after any
 * crash; with durability `full` the store adds an fsync before each acknowledgement (WalSync).
 */
export function openStoreFile(file: string): OpenedStore {
  const created = !fs.existsSync(file);
  if (created) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A write-ahead log without its database means the store was deleted under a host: say so, do not start empty.
    if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) {
      throw new StoreFileError(`The durable store ${file} is missing but its write-ahead log ${file}-wal is there: the store was deleted or moved while a host used it. Put it back, or remove the -wal and -shm files to start empty.`);
    }
  } else if (fs.statSync(file).size === 0) {
    throw new StoreFileError(`The durable store ${file} is an empty (0-byte) file: it was truncated or never written, and holds no store. ${recoveryAdvice(file)}`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // 8 MiB of page cache (the default is 2 MiB): the busy part of the tables stays in memory.
    db.pragma('cache_size = -8192');
    if (!created) {
      const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
      const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length) throw new StoreFileError(`The durable store ${file} is damaged (quick_check: ${problems.slice(0, 3).join('; ')}). ${recoveryAdvice(file)}`);
    }
    const fromVersion = migrate(db);
    return { db, created, fromVersion };
  } catch (error) {
    db?.close();
    if (error instanceof StoreFileError) throw error;
    if (error instanceof SchemaError) throw new StoreFileError(`The durable store ${file} cannot be used: ${error.message}`);
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw new StoreFileError(`The durable store ${file} is damaged or is not a store (${(error as Error).message}). ${recoveryAdvice(file)}`);
    }
    throw error;
  }
}

export { SCHEMA_VERSION };

interface FileIdentity {
  dev: number;
  ino: number;
}

function identityOf(file: string): FileIdentity | undefined {
  try {
    const s = fs.statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

/**
 * Notices when the store file is deleted or replaced under the running host (inotify, with a
 * once-a-second check behind it), so that nothing more is acknowledged into a file nobody will read.
 */
export class StoreFileWatch {
  private readonly identity: FileIdentity | undefined;
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;
  private lost = false;

  constructor(
    private readonly file: string,
    private readonly onLost: (message: string) => void,
  ) {
    this.identity = identityOf(file);
    try {
      // Only events about the store's own name count: its -wal and -shm change at every commit.
      const name = path.basename(file);
      this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        if (!changed || changed === name) this.check();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // Without inotify the timer below still notices, within a second.
    }
    this.timer = setInterval(() => this.check(), 1000);
    this.timer.unref();
  }

  /** Throws-free check; reports once. Returns whether the file is still the one that was opened. */
  check(): boolean {
    if (this.lost || !this.identity) return !this.lost;
    const now = identityOf(this.file);
    if (now && now.dev === this.identity.dev && now.ino === this.identity.ino) return true;
    this.lost = true;
    this.stop();
    this.onLost(
      now
        ? `The durable store ${this.file} was replaced by another file while the host ran; the host stops so that nothing more is acknowledged into the old one.`
        : `The durable store ${this.file} was deleted while the host ran; the host stops so that nothing more is acknowledged into a file nobody will read.`,
    );
    return false;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
