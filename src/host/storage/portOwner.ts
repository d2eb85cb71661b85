import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The process that listens on a port, as far as this machine lets us see it. */
export interface PortOwner {
  pid: number;
  /** Where an Azurite keeps its data: its `--location` (or `-l`), else its working folder; undefined when hidden. */
  location?: string;
}

/**
 * Who listens on `port`: on Linux from /proc (sockets in LISTEN state, then the process holding that
 * socket); elsewhere the PID from `lsof` when it is installed. Undefined when it cannot be known
 * (another user's process, no /proc and no lsof).
 */
export function findPortOwner(port: number): PortOwner | undefined {
  const pid = fs.existsSync('/proc/net/tcp') ? pidFromProc(port) : pidFromLsof(port);
  return pid === undefined ? undefined : { pid, location: locationOf(pid) };
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDRESS:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function pidFromProc(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or one that just ended
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined;
}

function pidFromLsof(port: number): number | undefined {
  try {
    const out = execFileSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 });
    const pid = Number(out.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function locationOf(pid: number): string | undefined {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const flag = args.findIndex((arg) => arg === '--location' || arg === '-l');
    if (flag >= 0 && args[flag + 1]) return args[flag + 1];
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}
