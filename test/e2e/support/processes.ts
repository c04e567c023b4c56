import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';

/**
 * What a command left running, read from Linux's /proc: its process tree, the processes that carry a
 * marker in their environment (which catches a child that moved out of the tree), and the TCP ports
 * they listen on.
 */

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process state letter; Z = exited, not yet reaped. */
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may contain spaces; the fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(fields[1]), state: fields[0]!, command };
  } catch {
    return undefined; // gone meanwhile
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Live processes (not zombies) among `pids`. */
export function alive(pids: Iterable<number>): ProcessInfo[] {
  return [...pids].map(readProcess).filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z');
}

/** `root` and everything below it. */
export function processTree(root: number): ProcessInfo[] {
  const table = allPids().map(readProcess).filter((info): info is ProcessInfo => info !== undefined);
  const inTree = new Set([root]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const info of table) {
      if (!inTree.has(info.pid) && inTree.has(info.ppid)) {
        inTree.add(info.pid);
        grown = true;
      }
    }
  }
  return table.filter((info) => inTree.has(info.pid));
}

/** Live processes whose environment holds `marker` (a NAME=value pair given to the command). */
export function processesWithMarker(marker: string): ProcessInfo[] {
  const pids = allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
    } catch {
      return false;
    }
  });
  return alive(pids);
}

/** TCP ports (IPv4 and IPv6) that any of `pids` listens on. */
export function listeningPorts(pids: Iterable<number>): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === '0A' && inode && inodes.has(inode)) ports.add(parseInt(local!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
