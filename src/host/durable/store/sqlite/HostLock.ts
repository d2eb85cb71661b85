import fs from 'node:fs';
import Database from 'better-sqlite3';

/** Another host holds the store. */
export class StoreInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInUseError';
  }
}

interface LockOwner {
  pid: number;
  url?: string;
  startedAt: string;
}

/**
 * One host per store: an exclusive SQLite lock on a file of its own, held for the host's life. The OS
 * drops it when the process ends, however it ends, so a crashed host never leaves a stale lock.
 * Beside it, a small file names the owner (PID, URL) for the message a second host prints.
 */
export class HostLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly ownerFile: string,
  ) {}

  static acquire(storeFile: string): HostLock {
    const lockFile = `${storeFile}.lock`;
    const ownerFile = `${storeFile}.owner.json`;
    const db = new Database(lockFile, { timeout: 0 });
    try {
      db.pragma('journal_mode = DELETE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) {
        throw new StoreInUseError(HostLock.describeOwner(storeFile, ownerFile));
      }
      throw error;
    }
    const lock = new HostLock(db, ownerFile);
    lock.writeOwner({ pid: process.pid, startedAt: new Date().toISOString() });
    return lock;
  }

  /** Records the URL once the host listens, for the message a second host prints. */
  setUrl(url: string): void {
    let owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
    try {
      owner = { ...(JSON.parse(fs.readFileSync(this.ownerFile, 'utf8')) as LockOwner), url };
    } catch {
      owner.url = url;
    }
    this.writeOwner(owner);
  }

  release(): void {
    if (!this.db.open) return;
    try {
      fs.rmSync(this.ownerFile, { force: true });
    } catch {
      // The lock itself is what counts.
    }
    this.db.close();
  }

  private writeOwner(owner: LockOwner): void {
    try {
      fs.writeFileSync(this.ownerFile, JSON.stringify(owner) + '\n');
    } catch {
      // Only the message of a second host would miss it.
    }
  }

  private static describeOwner(storeFile: string, ownerFile: string): string {
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as LockOwner;
    } catch {
      owner = undefined;
    }
    const who = owner ? `PID ${owner.pid}${owner.url ? `, ${owner.url}` : ''}, started ${owner.startedAt}` : 'its PID is not recorded';
    return (
      `Another durable-host is running on the store ${storeFile} (${who}). Two hosts on one store would ` +
      `corrupt each other's work: stop that host first, or give this one its own --data folder.`
    );
  }
}
