import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes commits durable before they are acknowledged, without blocking the host's thread: an fsync
 * of the write-ahead log runs on libuv's thread pool and covers every commit made before it began,
 * so one fsync serves all the commits of its moment (group commit). SQLite itself runs with
 * `synchronous=NORMAL`: its commits are atomic and consistent after any crash, and this adds the
 * fsync that makes an acknowledged one survive a power loss or OS crash too.
 */
export class WalSync {
  private fd?: number;
  private ino?: number;
  private running?: Promise<void>;
  private queued?: Promise<void>;

  constructor(private readonly dbFile: string) {}

  /** Resolves once everything committed before this call is on disk; rejects when the disk refuses. */
  sync(): Promise<void> {
    // An fsync already under way may have begun before the caller's commit: the caller needs the next one.
    if (!this.running) return (this.running = this.flush());
    if (!this.queued) {
      this.queued = this.running.then(
        () => this.startQueued(),
        () => this.startQueued(),
      );
    }
    return this.queued;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private startQueued(): Promise<void> {
    this.queued = undefined;
    return (this.running = this.flush());
  }

  private async flush(): Promise<void> {
    try {
      const fd = this.walFd();
      if (fd !== undefined) await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
    } finally {
      this.running = undefined;
    }
  }

  /** The WAL's descriptor, opened again when SQLite made a new file; a new file's directory entry is synced once. */
  private walFd(): number | undefined {
    const wal = `${this.dbFile}-wal`;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(wal);
    } catch {
      return undefined;
    }
    if (this.fd === undefined || stat.ino !== this.ino) {
      this.close();
      this.fd = fs.openSync(wal, 'r');
      this.ino = stat.ino;
      const dir = fs.openSync(path.dirname(wal), 'r');
      try {
        fs.fsyncSync(dir);
      } finally {
        fs.closeSync(dir);
      }
    }
    return this.fd;
  }
}
