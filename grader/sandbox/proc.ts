// What Linux's /proc tells about processes: their children, their state, their CPU time, the
// sockets they hold, the namespace they live in. Every function degrades to "nothing known"
// (empty list, undefined) where /proc is absent (macOS, Windows) or a process is gone.
import * as fs from 'node:fs';

export const HAS_PROC = fs.existsSync('/proc/self/stat');

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat (or of a thread's) after the command name (which may contain spaces and parentheses). */
function statFields(pid: number, tid?: string): string[] | undefined {
  const text = read(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`);
  if (!text) return undefined;
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** One-letter state (R running, S sleeping, T stopped, Z zombie…), undefined once gone. */
export function processState(pid: number): string | undefined {
  return statFields(pid)?.[0];
}

/** The thread ids of a process; none once it is gone. */
function threadsOf(pid: number): string[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
}

/**
 * The state of each of the process's threads. /proc/<pid>/stat tells only the main thread's: a
 * Node program in an endless loop shows S there whenever its main thread waits a moment for the
 * garbage collector's threads, which are running.
 */
export function threadStates(pid: number): string[] {
  return threadsOf(pid).flatMap((tid) => statFields(pid, tid)?.[0] ?? []);
}

/** Direct children of a process (every thread's), from /proc/<pid>/task/<tid>/children. */
export function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const tid of threadsOf(pid)) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text) for (const k of text.trim().split(/\s+/)) if (k) kids.push(Number(k));
  }
  return kids;
}

/** The process and all its descendants (bounded, in case of a loop while pids are reused). */
export function processTree(pid: number, limit = 4096): number[] {
  const seen = new Set<number>([pid]);
  const queue = [pid];
  while (queue.length > 0 && seen.size < limit) {
    for (const kid of childrenOf(queue.shift()!)) {
      if (!seen.has(kid)) {
        seen.add(kid);
        queue.push(kid);
      }
    }
  }
  return [...seen];
}

/** The pid a process has in its innermost pid namespace (NSpid's last field). */
export function innermostPid(pid: number): number | undefined {
  const line = read(`/proc/${pid}/status`)?.split('\n').find((l) => l.startsWith('NSpid:'));
  if (!line) return undefined;
  const fields = line.split(/\s+/).filter(Boolean);
  return Number(fields[fields.length - 1]);
}

/** The inode of the pid namespace a process lives in ("pid:[4026532182]" → 4026532182). */
export function pidNamespaceOf(pid: number | 'self'): number | undefined {
  try {
    const link = fs.readlinkSync(`/proc/${pid}/ns/pid`);
    return Number(/\[(\d+)\]/.exec(link)?.[1]);
  } catch {
    return undefined;
  }
}

/** Every pid visible in /proc. */
export function allPids(): number[] {
  try {
    return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return [];
  }
}

/** Inodes of the sockets a process holds open ("socket:[123]" links in /proc/<pid>/fd). */
export function socketInodes(pid: number): number[] {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes: number[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.push(Number(m[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ: 100 on every Linux the grader runs on

/** CPU time (user + system) a process has used, in ms; 0 once gone. */
export function cpuTimeMs(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state(0) ppid(1) … utime(11) stime(12).
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/** A process's real uid, from /proc/<pid>/status. */
export function uidOf(pid: number): number | undefined {
  const line = read(`/proc/${pid}/status`)?.split('\n').find((l) => l.startsWith('Uid:'));
  return line ? Number(line.split(/\s+/)[1]) : undefined;
}

/** A process's environment ("KEY=value" entries); empty when unreadable. */
export function environmentOf(pid: number): string[] {
  return read(`/proc/${pid}/environ`)?.split('\0') ?? [];
}

/** Whether a process's environment holds `entry` ("KEY=value"); false when unreadable. */
export function environmentHas(pid: number, entry: string): boolean {
  return environmentOf(pid).includes(entry);
}

/**
 * Time (ms) a thread has spent runnable but waiting for a CPU (the second field of
 * /proc/<pid>/schedstat): what a loaded machine, or a CPU quota, costs it. undefined where the
 * kernel does not tell.
 */
export function runDelayMs(pid: number): number | undefined {
  const text = read(`/proc/${pid}/schedstat`);
  if (!text) return undefined;
  const delay = Number(text.split(' ')[1]);
  return Number.isFinite(delay) ? delay / 1e6 : undefined;
}
