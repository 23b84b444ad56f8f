// What Linux's /proc tells about a student program beyond its exit: the processes it consists
// of (the program and its descendants: a sandbox wrapper's child is the real program), whether
// they are running or waiting, whether they are still alive, what they read, and which sockets
// they still hold.
// Elsewhere (macOS, Windows) there is no /proc: every function answers null and callers degrade.
import * as fs from 'node:fs';
import { HAS_PROC, processState, processTree, threadStates } from '../sandbox/proc';

const PROC = '/proc';
const available = HAS_PROC;

interface Stat {
  pid: number;
  state: string;
}

/**
 * `pid` and every live process below it, or null without /proc. Walks the children lists
 * (sandbox/proc.ts), not every process of the machine: tests poll this every few ms.
 */
function liveTree(pid: number): Stat[] | null {
  if (!available) return null;
  const tree: Stat[] = [];
  for (const p of processTree(pid)) {
    const state = processState(p);
    if (state !== undefined) tree.push({ pid: p, state });
  }
  return tree;
}

/**
 * Whether some thread of some process of `pid`'s tree is working right now: running or
 * runnable (R), or in the kernel on its behalf (D: a page fault while its heap grows), not
 * waiting for an event (S); null without /proc.
 */
export function treeRunning(pid: number): boolean | null {
  const tree = liveTree(pid);
  return tree === null ? null : tree.some((s) => threadStates(s.pid).some((state) => state === 'R' || state === 'D'));
}

/** The pids of `pid`'s tree (read once: a wait that polls then looks at these only), or null without /proc. */
export function treePids(pid: number): number[] | null {
  const tree = liveTree(pid);
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
  const tree = liveTree(pid);
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
