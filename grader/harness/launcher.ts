// The one place that starts student programs. Every program runs in a box of the sandbox
// (grader/sandbox: its own pid, mount and user namespaces, its part read-only, limits, a uid of
// its own when the grader is root), or, where no box can be made, as a plain process in its
// own process group. Every box is tracked so that everything it started is killed after each
// test, whatever it did (detached children, setsid, double forks).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Capture } from './capture';
import { planSpawn, type Program } from '../sandbox/box';
import { sandboxLayers } from '../sandbox/layers';
import { allPids, childrenOf, cpuTimeMs, environmentHas, HAS_PROC, innermostPid, pidNamespaceOf, processState, processTree, runDelayMs, uidOf } from '../sandbox/proc';
import { giveBackUid, takeUid } from '../sandbox/uids';
import { waitFor } from './timing';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long bubblewrap gets to exit by itself once its box's init is killed (it takes a few ms). */
const INIT_KILL_GRACE_MS = 1000;

const IS_WINDOWS = process.platform === 'win32';

/** Flags for every Node student program: stack traces name the student's .ts lines. */
export const NODE_FLAGS = ['--enable-source-maps'];
/**
 * Where no address-space limit applies (see POLICY.limits), a runaway heap stops at 512 MiB.
 * Under prlimit --as, the limit stops it (V8 aborts: « JavaScript heap out of memory »).
 */
export const NODE_HEAP_FLAGS = ['--max-old-space-size=512'];

/** How long the kernel may take to tear a killed box down (seen here: a few ms). */
const TEARDOWN_MS = 2000;

/** The file descriptor on which bubblewrap tells the pid of the box's first process. */
const INFO_FD = 3;
/** The file descriptor on which bubblewrap reads its options (kept off its command line, which the box can read). */
const ARGS_FD = 4;
/** The file descriptor on which the box says the program is about to start (see planSpawn). */
const STARTED_FD = 6;

/** Signal names by number, to read bubblewrap's « 128 + signal » exit codes. */
const SIGNAL_NAMES = new Map(Object.entries(os.constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

export class StudentProcess {
  readonly stdout: Capture;
  readonly stderr: Capture;
  /** Set once the process has exited (and its stdio is closed). */
  exit?: ExitStatus;
  /** Set when it could not even be started. */
  startError?: Error;
  /** Set when the sandbox itself failed, not the program: a fault of the grader's environment. */
  sandboxFault?: string;
  /** True when the program runs in a bubblewrap box. */
  readonly boxed: boolean;
  private readonly child: ChildProcess;
  private readonly uid?: number;
  /** Marks every process of the program's tree, to find escapees that left its group. */
  private readonly token: string;
  private info = '';
  /** Host pid of the box's first process (bubblewrap's init), once told. */
  private initPid?: number;
  /** Set when the box is ready and the program about to start (a byte from the box's trampoline). */
  private programStarted = false;
  /** Inode of the box's pid namespace, once told. */
  private pidNamespace?: number;
  /**
   * An open descriptor on that namespace, held until the box is torn down: the kernel gives a
   * freed namespace's number to the next one made (here, within half a second), so without it
   * « in the box's namespace » could name another box's processes, and kill them.
   */
  private namespaceHandle?: number;
  /** Host pid of the program itself (pid 2 inside the box), once found. */
  private mainPid?: number;
  private reaped = false;
  /** Set by killTree(): an end the grader caused. */
  private killedByUs = false;
  /** After killing a box's init, the fallback that kills bubblewrap itself (see killTree). */
  private groupKill?: NodeJS.Timeout;
  /** Resolves once the program has exited and its stdio is closed. */
  readonly closed: Promise<void>;
  /** Resolves once, in addition, no process of its box, uid or token is left (the kernel's teardown is not instant). */
  readonly gone: Promise<void>;

  constructor(readonly label: string, program: Program) {
    const layers = sandboxLayers();
    this.uid = layers.uidPerBox ? takeUid() : undefined;
    // Every process of the program inherits this mark (outside a box, it finds escapees).
    this.token = randomBytes(8).toString('hex');
    const plan = planSpawn(program, { bwrap: layers.bwrap, prlimit: layers.prlimit, uid: this.uid }, INFO_FD, ARGS_FD, STARTED_FD);
    this.boxed = plan.boxed;
    plan.env.TP_BOITE = this.token;
    this.child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      uid: plan.uid,
      gid: plan.gid,
      // Own process group on POSIX, so that a kill reaches whatever the program started too.
      detached: !IS_WINDOWS,
      stdio: plan.boxed ? ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'ignore', 'pipe'] : ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (plan.hiddenArgs) (this.child.stdio[ARGS_FD] as Writable | null)?.end(plan.hiddenArgs.map((a) => `${a}\0`).join(''));
    this.child.stdio[INFO_FD]?.on('data', (chunk: Buffer) => this.readInfo(chunk));
    (this.child.stdio as Array<Readable | Writable | null | undefined>)[STARTED_FD]?.on('data', () => (this.programStarted = true));
    this.stdout = new Capture(this.child.stdout);
    this.stderr = new Capture(this.child.stderr);
    this.child.stdin?.on('error', () => {}); // EPIPE once the child has gone: not our failure
    this.closed = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.startError = err;
        this.exit ??= { code: null, signal: null };
        resolve();
      });
      this.child.once('close', (code, signal) => {
        clearTimeout(this.groupKill);
        this.exit = this.readExit(code, signal);
        resolve();
      });
    });
    live.add(this);
    launched.add(this);
    launchCount++;
    if (this.child.pid !== undefined) for (const listener of launchListeners) listener({ pid: this.child.pid, uid: this.uid, token: this.token, boxed: this.boxed });
    this.gone = this.closed.then(async () => {
      // The program is gone; whatever it started may still run (outside a box). Kill it once
      // now, and never again: its pid may be reused by an unrelated process later.
      this.killTree();
      // bubblewrap may exit as soon as the program does, before its init (which a daemon left
      // by the program keeps alive until the init's parent-death signal): kill the init now.
      if (this.boxed) this.killInit();
      this.reaped = true;
      // A box whose init is gone (or a zombie) is empty: the kernel lets a pid namespace's init
      // finish exiting only once every other process of the namespace is gone. Waiting for that
      // one process spares a look through the machine's processes (a few ms, once per program);
      // without a known init, or if it outlives the usual teardown, they are looked for.
      const empty = this.boxed && (await waitFor(() => (this.initGone() ? true : undefined), TEARDOWN_MS, 5)).ok;
      const left = () => (empty ? [] : allPids().filter((p) => this.owns(p)));
      if (!(await waitFor(() => (left().length > 0 ? undefined : true), TEARDOWN_MS, 5)).ok) {
        // Still there after the kernel's usual teardown (a loaded machine): kill them one by one.
        for (const p of left()) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
        await waitFor(() => (left().length > 0 ? undefined : true), TEARDOWN_MS, 5);
      }
      // Released once the box is empty; kept while anything of it is left, so that survivingPids() still finds it.
      if (this.namespaceHandle !== undefined && left().length === 0) {
        fs.closeSync(this.namespaceHandle);
        this.namespaceHandle = undefined;
      }
      live.delete(this);
      // An emptied box can own nothing any more (owns() matches a box by its namespace only
      // while that is held): forgotten, so that a worker grading a class does not keep every
      // program it ever ran, with its captured output.
      if (this.boxed && this.namespaceHandle === undefined) launched.delete(this);
      // Whoever kept the record (a supervisor) must not kill by it any more: its pid and uid go to others now.
      if (this.child.pid !== undefined) for (const listener of launchListeners) listener({ pid: this.child.pid, gone: true });
      if (this.uid !== undefined) giveBackUid(this.uid);
    });
  }

  private readInfo(chunk: Buffer): void {
    this.info += chunk.toString('utf8');
    let info: { 'child-pid'?: number; 'pid-namespace'?: number };
    try {
      info = JSON.parse(this.info);
    } catch {
      return; // not complete yet
    }
    if (typeof info['child-pid'] === 'number') this.initPid = info['child-pid'];
    if (typeof info['pid-namespace'] === 'number' && this.pidNamespace === undefined) {
      this.pidNamespace = info['pid-namespace'];
      this.holdNamespace();
      for (const listener of launchListeners) listener({ pid: this.child.pid!, uid: this.uid, token: this.token, boxed: true, pidNamespace: this.pidNamespace });
    }
  }

  /** Opens the box's pid namespace (through its init), if it is still the one bubblewrap told. */
  private holdNamespace(): void {
    if (this.initPid === undefined || this.pidNamespace === undefined) return;
    try {
      const fd = fs.openSync(`/proc/${this.initPid}/ns/pid`, 'r');
      if (fs.fstatSync(fd).ino === this.pidNamespace) this.namespaceHandle = fd;
      else fs.closeSync(fd);
    } catch {
      // The box is already gone: nothing of it can be found by its namespace any more.
    }
  }

  /**
   * bubblewrap exits with the program's code, or 128 + N when a signal N killed it (it cannot
   * die of the same signal itself). A box that never started (no info from bubblewrap, its own
   * « bwrap: » message) is the sandbox's failure, not the program's.
   */
  private readExit(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
    if (!this.boxed || signal !== null || code === null) return { code, signal };
    // Killed by the grader before it started (a test stopped it at once): not the sandbox's failure.
    if (!this.programStarted && !this.killedByUs) {
      const why = this.stderr.text().trim().split('\n')[0];
      this.sandboxFault = `le bac à sable n'a pas pu démarrer${why ? ` (${why})` : ''}`;
    }
    if (code > 128 && SIGNAL_NAMES.has(code - 128)) return { code: null, signal: SIGNAL_NAMES.get(code - 128)! };
    return { code, signal };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Host pid of the program itself: inside a box, the init's child that is pid 2 there. */
  private programPid(): number | undefined {
    if (!this.boxed) return this.child.pid;
    if (this.mainPid !== undefined || this.initPid === undefined) return this.mainPid;
    this.mainPid = childrenOf(this.initPid).find((pid) => innermostPid(pid) === 2);
    return this.mainPid;
  }

  /**
   * Whether the program itself, not its box, has died (gone, or a zombie not yet reaped),
   * though its exit may not be reported yet: bubblewrap sleeps in its wait until the whole box
   * is gone, so its own state says nothing. Null when it cannot be told (no /proc).
   */
  programDead(): boolean | null {
    if (this.exit) return true;
    if (!HAS_PROC) return null;
    const pid = this.programPid();
    // Never seen: either not started yet, or already reaped by the box's init, which then ends.
    if (pid === undefined) return this.boxed && this.initGone() ? true : null;
    const state = processState(pid);
    return state === undefined || state === 'Z' || state === 'X';
  }

  writeStdin(text: string): void {
    if (this.child.stdin && !this.child.stdin.destroyed && !this.child.stdin.writableEnded) this.child.stdin.write(text);
  }

  endStdin(): void {
    this.child.stdin?.end();
  }

  /** Sends a signal to the program itself only (e.g. SIGINT as Ctrl-C would), not to its box. */
  signal(sig: NodeJS.Signals): void {
    if (this.exit) return;
    const pid = this.programPid();
    if (pid === undefined) return;
    try {
      process.kill(pid, sig);
    } catch {
      // gone meanwhile
    }
  }

  /** Time (ms) the program has waited, runnable, for a processor (see FairClock); undefined when unknown. */
  schedulingDelayMs(): number | undefined {
    const pid = this.exit ? undefined : this.programPid();
    return pid === undefined ? undefined : runDelayMs(pid);
  }

  /** CPU time (ms) used so far by the program and everything it started; 0 where /proc is absent. */
  cpuTimeMs(): number {
    const pid = this.child.pid;
    if (pid === undefined || this.reaped) return 0;
    return processTree(pid).reduce((sum, p) => sum + cpuTimeMs(p), 0);
  }

  /**
   * Closes our ends of its pipes: a process that escaped the kill may hold them open, and
   * 'close' (which waits for the pipes) would then never come.
   */
  releasePipes(): void {
    for (const stream of this.child.stdio) stream?.destroy();
  }

  /** Kills everything the program started, at once. */
  killTree(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.reaped) return;
    if (IS_WINDOWS) {
      if (!this.exit) spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      return;
    }
    // A box: killing its init makes the kernel kill every process of the box's pid namespace;
    // bubblewrap, which waits for that init, then exits by itself with the box empty (see
    // `empty` in the constructor), and nothing needs looking for. The process group (bubblewrap
    // itself) only when the init is unknown, or if bubblewrap is still there a moment later.
    this.killedByUs = true;
    if (this.boxed && !this.exit && this.killInit()) {
      this.groupKill ??= setTimeout(() => this.killGroup(pid), INIT_KILL_GRACE_MS);
      this.groupKill.unref();
      return;
    }
    this.killGroup(pid);
    if (!this.boxed) this.killEscapees();
  }

  private killGroup(pid: number): void {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already empty.
    }
  }

  /** Whether the box's init is known and gone or a zombie (false when unknown). */
  private initGone(): boolean {
    if (this.initPid === undefined || this.pidNamespace === undefined) return false;
    return pidNamespaceOf(this.initPid) !== this.pidNamespace || processState(this.initPid) === 'Z';
  }

  /** SIGKILL to the box's init, if it is still the one of this box (its pid may be another's once reaped). */
  private killInit(): boolean {
    if (this.initPid === undefined || this.pidNamespace === undefined || pidNamespaceOf(this.initPid) !== this.pidNamespace) return false;
    try {
      process.kill(this.initPid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  }

  /** Outside a box: what left the process group is found by its uid (root) or its token. */
  private killEscapees(): void {
    killLaunched({ pid: this.child.pid!, uid: this.uid, token: this.token });
  }

  /** Whether `pid` belongs to this program: in its box, of its uid, or marked with its token. */
  owns(pid: number): boolean {
    // By its namespace only while that namespace is held (see namespaceHandle): its number may be another box's after.
    const pidNamespace = this.namespaceHandle !== undefined ? this.pidNamespace : undefined;
    return recordOwns({ pid: this.child.pid ?? -1, uid: this.uid, token: this.token, pidNamespace }, pid, this.boxed);
  }
}

/** What another process needs to kill a program's tree: its process group, its uid, its token. */
export interface LaunchRecord {
  pid: number;
  uid?: number;
  token?: string;
  /** A box's pid namespace, told once bubblewrap has made it (a second record for the same pid). */
  pidNamespace?: number;
  /** The program runs in a bubblewrap box: killing bubblewrap's group kills everything in it. */
  boxed?: boolean;
  /** Told once the program and all it started are gone (a last record for the same pid). */
  gone?: boolean;
}

/** Called at every launch (a worker tells its supervisor, which kills the trees if the worker dies). */
export const launchListeners: Array<(record: LaunchRecord) => void> = [];

/** Kills what a launch record names, from any process (the supervisor, after a worker died). */
export function killLaunched(record: LaunchRecord): void {
  try {
    process.kill(-record.pid, 'SIGKILL');
  } catch {
    // gone
  }
  // A box: its namespace dies with bubblewrap. Hunting its uid could kill another box that has it since.
  if (record.boxed || record.pidNamespace !== undefined) return;
  if (record.uid !== undefined) spawnSync('kill', ['-KILL', '-1'], { uid: record.uid, gid: record.uid, stdio: 'ignore' });
  if (record.token && HAS_PROC) {
    for (const p of allPids()) {
      if (p !== process.pid && environmentHas(p, `TP_BOITE=${record.token}`)) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }
}

/** Whether `pid` is one of the processes a launch record names (in its box, of its uid, or marked with its token). */
export function recordOwns(record: LaunchRecord, pid: number, boxed = record.pidNamespace !== undefined): boolean {
  const matches = boxed
    ? record.pidNamespace !== undefined && pidNamespaceOf(pid) === record.pidNamespace // undefined never matches
    : (record.uid !== undefined && uidOf(pid) === record.uid) || (record.token !== undefined && environmentHas(pid, `TP_BOITE=${record.token}`));
  // A zombie is already dead: only its parent's wait is missing (bubblewrap's init waits for the host's init to reap it).
  return matches && processState(pid) !== 'Z';
}

const live = new Set<StudentProcess>();
/** Programs started whose processes may still need finding (see survivingPids). */
const launched = new Set<StudentProcess>();
let launchCount = 0;

/** Starts a student program (see grader/sandbox/box.ts for what a Program is). */
export function launch(label: string, program: Program): StudentProcess {
  return new StudentProcess(label, program);
}

/** A Node program: the transpiled `script` of a part's build folder. */
export function nodeProgram(dir: string, script: string, args: string[]): Program {
  return { dir, interpreter: process.execPath, interpreterArgs: NODE_FLAGS, unlimitedArgs: NODE_HEAP_FLAGS, script, args };
}

/** Kills every student process still running and waits until they are gone. */
export async function stopAll(processes: Iterable<StudentProcess> = live): Promise<void> {
  const list = [...processes];
  for (const p of list) {
    p.killTree();
    p.releasePipes();
  }
  await Promise.all(list.map((p) => p.gone));
}

/** Processes started and not yet gone (for the self-test that nothing outlives a run). */
export function liveProcesses(): StudentProcess[] {
  return [...live];
}

/** How many programs this process has started. */
export function launchedCount(): number {
  return launchCount;
}

/**
 * Pids of processes, anywhere on the machine, that belong to a program this process started
 * and that should be gone: in a box's pid namespace, of a box's uid, or marked with its token.
 */
export function survivingPids(): number[] {
  if (!HAS_PROC) return [];
  const gone = [...launched].filter((p) => !live.has(p));
  return allPids().filter((pid) => pid !== process.pid && gone.some((p) => p.owns(pid)));
}

/** Kills every tracked process tree now, synchronously (for exit and signal handlers). */
export function killAllNow(): void {
  for (const p of live) p.killTree();
}

// Last resort: the grader exits while children still run.
process.once('exit', killAllNow);
