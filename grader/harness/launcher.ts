// The one place that starts student programs. Every spawn option lives here (environment,
// process group, output cap; later permissions and priority), and every child is tracked so
// that its whole process tree can be killed after each test, whatever happened.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Capture } from './capture';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const IS_WINDOWS = process.platform === 'win32';

/** Only what a Node program needs: no NODE_OPTIONS from Jest, no secrets of the grader. */
function childEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'Path', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR', 'LANG', 'LC_ALL'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  env.NO_COLOR = '1';
  return env;
}

/** Flags for every student program: stack traces name the student's .ts lines; a runaway heap stops at 512 MiB. */
export const NODE_FLAGS = ['--enable-source-maps', '--max-old-space-size=512'];

export class StudentProcess {
  readonly stdout: Capture;
  readonly stderr: Capture;
  /** Set once the process has exited (and its stdio is closed). */
  exit?: ExitStatus;
  /** Set when it could not even be started. */
  startError?: Error;
  private readonly child: ChildProcess;
  private reaped = false;
  readonly closed: Promise<void>;

  constructor(readonly label: string, script: string, args: string[]) {
    this.child = spawn(process.execPath, [...NODE_FLAGS, script, ...args], {
      cwd: path.dirname(script),
      env: childEnvironment(),
      // Own process group on POSIX, so that a kill reaches whatever the student started too.
      detached: !IS_WINDOWS,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
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
        this.exit = { code, signal };
        resolve();
      });
    });
    live.add(this);
    if (this.child.pid !== undefined) launched.push(this.child.pid);
    void this.closed.then(() => {
      // The main process is gone; its group may still hold children it started. Kill it once
      // now, and never again: its pid may be reused by an unrelated process later.
      this.killTree();
      this.reaped = true;
      live.delete(this);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  writeStdin(text: string): void {
    if (this.child.stdin && !this.child.stdin.destroyed && !this.child.stdin.writableEnded) this.child.stdin.write(text);
  }

  endStdin(): void {
    this.child.stdin?.end();
  }

  /** Sends a signal to the main process only (e.g. SIGINT as Ctrl-C would). */
  signal(sig: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(sig);
  }

  /**
   * Closes our ends of its pipes: a grandchild that left the process group may hold them open,
   * and 'close' (which waits for the pipes) would then never come.
   */
  releasePipes(): void {
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  /** Kills the whole process tree at once. */
  killTree(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.reaped) return;
    if (IS_WINDOWS) {
      if (!this.exit) spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      return;
    }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already empty.
    }
  }
}

const live = new Set<StudentProcess>();
const launched: number[] = [];

/** Starts `node script args…` as a student program. */
export function launch(label: string, script: string, args: string[]): StudentProcess {
  return new StudentProcess(label, script, args);
}

/** Kills every student process still running and waits until they are gone. */
export async function stopAll(processes: Iterable<StudentProcess> = live): Promise<void> {
  const list = [...processes];
  for (const p of list) {
    p.killTree();
    p.releasePipes();
  }
  await Promise.all(list.map((p) => p.closed));
}

/** Every pid this process has started (for the self-test that nothing outlives a run). */
export function launchedPids(): number[] {
  return [...launched];
}

/** Processes started and not yet gone (for the self-test that nothing outlives a run). */
export function liveProcesses(): StudentProcess[] {
  return [...live];
}

/** Kills every tracked process tree now, synchronously (for exit and signal handlers). */
export function killAllNow(): void {
  for (const p of live) p.killTree();
}

// Last resort: the grader exits while children still run.
process.once('exit', killAllNow);
