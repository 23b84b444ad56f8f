// What Linux's /proc tells about a student program beyond its exit: the processes it consists
// of (the program and its descendants: a sandbox wrapper's child is the real program), whether
// they are running or waiting, whether they are still alive, what they read, and which sockets
// they still hold.
// Elsewhere (macOS, Windows) there is no /proc: every function answers null and callers degrade.
import * as fs from 'node:fs';

const PROC = '/proc';
const available = fs.existsSync(`${PROC}/self/stat`);

interface Stat {
  pid: number;
  ppid: number;
  state: string;
}

function readStat(pid: number | string): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`${PROC}/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: parse after its last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid: Number(pid), state: rest[0], ppid: Number(rest[1]) };
}

/** `pid` and every live process below it, or null without /proc. */
export function processTree(pid: number): Stat[] | null {
  if (!available) return null;
  const all: Stat[] = [];
  for (const name of fs.readdirSync(PROC)) if (/^\d+$/.test(name)) {
    const s = readStat(name);
    if (s) all.push(s);
  }
  const tree: Stat[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    const s = all.find((x) => x.pid === p);
    if (!s) continue;
    tree.push(s);
    for (const child of all) if (child.ppid === p) queue.push(child.pid);
  }
  return tree;
}

/** Whether some process of `pid`'s tree is running or runnable (state R) right now; null without /proc. */
export function treeRunning(pid: number): boolean | null {
  const tree = processTree(pid);
  return tree === null ? null : tree.some((s) => s.state === 'R');
}

/** Whether `pid` still runs (a zombie, dead but not yet reaped, does not); null without /proc. */
export function isRunning(pid: number): boolean | null {
  if (!available) return null;
  const s = readStat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
}

/** The pids of `pid`'s tree (read once: a wait that polls then looks at these only), or null without /proc. */
export function treePids(pid: number): number[] | null {
  const tree = processTree(pid);
  return tree === null ? null : tree.map((s) => s.pid);
}

/**
 * Whether one of `pids` still holds the socket whose inode is `inode` (from /proc/net/tcp);
 * null when that cannot be read (no /proc, or another user's processes).
 */
export function holdsSocket(pids: number[], inode: number): boolean | null {
  if (!available) return null;
  const target = `socket:[${inode}]`;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`${PROC}/${pid}/fd`);
    } catch {
      if (fs.existsSync(`${PROC}/${pid}`)) return null; // not ours to read
      continue; // gone meanwhile
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`${PROC}/${pid}/fd/${fd}`) === target) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

/** Bytes read so far (any file, pipe or socket: /proc/PID/io's rchar) by `pid`'s tree; null where that cannot be read. */
export function treeReadBytes(pid: number): number | null {
  const tree = processTree(pid);
  if (tree === null) return null;
  let sum = 0;
  for (const s of tree) {
    try {
      const m = /^rchar: (\d+)$/m.exec(fs.readFileSync(`${PROC}/${s.pid}/io`, 'latin1'));
      sum += m ? Number(m[1]) : 0;
    } catch {
      if (fs.existsSync(`${PROC}/${s.pid}`)) return null; // not ours to read
    }
  }
  return sum;
}
