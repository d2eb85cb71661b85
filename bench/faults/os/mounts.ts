import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Scope } from '../Scope';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr || e.message).trim()}`);
  }
}

/** A fresh folder under the system's temp folder, removed when the scope ends. */
export function tempDir(scope: Scope, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scope.defer(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function unmount(mountpoint: string): void {
  try {
    run('umount', [mountpoint]);
  } catch {
    // Something still holds it open: detach it now, the kernel frees it once the last user lets go.
    run('umount', ['-l', mountpoint]);
  }
}

function isMounted(mountpoint: string): boolean {
  return fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1] === mountpoint);
}

/** A tmpfs of `sizeMiB` mounted on a fresh folder; unmounted and removed when the scope ends. */
export function mountTmpfs(scope: Scope, sizeMiB: number): string {
  const mountpoint = tempDir(scope, 'durable-faults-tmpfs-');
  run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', mountpoint]);
  scope.defer(`unmount ${mountpoint}`, () => isMounted(mountpoint) && unmount(mountpoint));
  return mountpoint;
}

/** An ext4 file system in an image file, mounted through a loop device; all of it removed when the scope ends. */
export class LoopExt4 {
  private constructor(
    readonly image: string,
    readonly mountpoint: string,
  ) {}

  static create(scope: Scope, sizeMiB: number): LoopExt4 {
    const dir = tempDir(scope, 'durable-faults-ext4-');
    const image = path.join(dir, 'disk.img');
    const mountpoint = path.join(dir, 'mnt');
    fs.mkdirSync(mountpoint);
    fs.closeSync(fs.openSync(image, 'w'));
    fs.truncateSync(image, sizeMiB * 1024 * 1024);
    run('mkfs.ext4', ['-q', '-F', image]);
    const disk = new LoopExt4(image, mountpoint);
    disk.mount();
    scope.defer(`unmount ${mountpoint}`, () => disk.unmount());
    return disk;
  }

  mount(): void {
    // mount -o loop attaches a loop device and detaches it again on unmount.
    run('mount', ['-o', 'loop', this.image, this.mountpoint]);
  }

  unmount(): void {
    if (isMounted(this.mountpoint)) unmount(this.mountpoint);
  }

  /** Writes everything the file system holds to its disk (syncfs), as time does on a host that has run a while. */
  sync(): void {
    run('sync', ['-f', this.mountpoint]);
  }

  /**
   * Shuts the file system down as a power loss would: nothing more reaches the disk, not even
   * the journal's pending commits (EXT4_IOC_SHUTDOWN with EXT4_GOING_FLAGS_NOLOGFLUSH).
   */
  shutdownWithoutFlush(): void {
    const script = [
      'import fcntl, os, struct, sys',
      'fd = os.open(sys.argv[1], os.O_RDONLY)',
      "fcntl.ioctl(fd, 0x8004587d, struct.pack('I', 2))",
    ].join('\n');
    run('python3', ['-c', script, this.mountpoint]);
  }
}

/** Fills the file system holding `dir` with one file until no byte is left; returns its size in bytes. */
export function fillDisk(file: string): number {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          written += fs.writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}
