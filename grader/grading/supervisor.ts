// The supervisor: the grader's own process hands copies to workers (worker.ts), one copy per
// worker at a time, and collects their verdicts as they come. It runs no student code. If a
// worker dies or is stopped while it grades a copy (something that copy did, where the
// sandbox is weaker than a full box), the tests it was running get a verdict that says so,
// the rest of the copy goes to a fresh worker, and every other copy is graded as usual.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killLaunched, type LaunchRecord } from '../harness/launcher';
import { needsPython } from '../languages';
import { findPython, pythonFound } from '../languages/python-interpreter';
import { sandboxLayers } from '../sandbox/layers';
import { privateNetworkArgs, privateNetworkWorks } from '../sandbox/network';
import { allPids, environmentOf, innermostPid, pidNamespaceOf, processState } from '../sandbox/proc';
import type { Copy } from './copy';
import type { FromWorker, ToWorker } from './protocol';
import type { Verdict } from './runner';

/** A copy to grade: which tests, and what to call when each verdict comes. */
export interface Assignment {
  index: number;
  copy: Copy;
  caseIds: string[];
  titles: Map<string, { part: number; title: string }>;
}

export interface SupervisorOptions {
  seed: number;
  /** Tests run at once, over all workers. */
  jobs: number;
  /** Workers at once (each grades one copy at a time). */
  workers: number;
  onVerdict(index: number, verdict: Verdict): void;
}

/** How often the supervisor looks at its workers' state (a stopped worker is found within two looks). */
const WATCH_MS = 250;
/** A copy that kills this many workers is not given another one. */
const MAX_WORKER_DEATHS = 3;
const ROOT = path.join(__dirname, '..', '..');

/** The command that starts a worker: plain node, with the grader's cached TypeScript loader (grader/boot). */
function workerCommand(privateNetwork: boolean): { command: string; args: string[] } {
  const script = path.join(__dirname, `worker${path.extname(__filename)}`);
  // TP_PROFIL=DIR (maintainers): each worker writes a CPU profile there (node --cpu-prof).
  const profile = process.env.TP_PROFIL ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TP_PROFIL}`] : [];
  // --expose-gc: the worker collects its garbage between two copies (worker.ts).
  const node = [process.execPath, '--expose-gc', ...profile, ...(script.endsWith('.ts') ? ['-r', path.join(ROOT, 'grader', 'boot', 'register.js')] : []), script];
  const layers = sandboxLayers();
  const full = privateNetwork && layers.bwrap ? [...privateNetworkArgs(layers.bwrap), ...node] : node;
  return { command: full[0], args: full.slice(1) };
}

/** The worker's environment: what Node and the harness need, nothing else of the grader's. */
function workerEnvironment(privateNetwork: boolean): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TP_DEADLINE_SCALE', 'TP_SANDBOX', 'TP_PYTHON'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  // The Python the supervisor found (and said) is the one each worker tries first, and checks.
  const python = pythonFound();
  if (python) env.TP_PYTHON = python.path;
  if (privateNetwork) env.TP_RESEAU_PRIVE = '1';
  // Workers write their temporary files in the run's own folder, which the supervisor removes
  // even when it has to kill them (Ctrl-C); claims stay machine-wide.
  env.TMPDIR = runFolder();
  env.TP_CLAIMS_DIR = os.tmpdir();
  return env;
}

let runTmp: string | undefined;

/** The run's temporary folder (made at the first worker; reachable, not listable, by boxes of another uid). */
function runFolder(): string {
  if (!runTmp) {
    runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-run-'));
    fs.chmodSync(runTmp, 0o711);
  }
  return runTmp;
}

function removeRunFolder(): void {
  if (runTmp) fs.rmSync(runTmp, { recursive: true, force: true });
  runTmp = undefined;
}

class Worker {
  readonly child: ChildProcess;
  /** The worker's node process (inside bubblewrap's, when in a private network). */
  pid?: number;
  readonly ready: Promise<boolean>;
  assignment?: { task: Assignment; inFlight: Set<string>; done: Set<string>; finished: () => void };
  /** Student programs it started and not yet gone: killed by the supervisor if the worker dies. */
  launched: LaunchRecord[] = [];
  stoppedLooks = 0;
  exit?: string;
  private readonly exited: Promise<void>;

  constructor(privateNetwork: boolean, private readonly onMessage: (w: Worker, m: FromWorker) => void) {
    const { command, args } = workerCommand(privateNetwork);
    this.child = spawn(command, args, {
      cwd: ROOT,
      env: workerEnvironment(privateNetwork),
      // Its own process group: Ctrl-C or Ctrl-Z at the teacher's terminal reach the supervisor, which decides.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') this.pid = m.pid;
      if (m.type === 'spawned' && m.gone) {
        // Gone: its pid and uid may be given to other programs now, which a kill by this record would reach.
        this.launched = this.launched.filter((r) => r.pid !== m.pid);
      } else if (m.type === 'spawned') {
        this.launched.push(m);
        ledger.push(m);
      }
      this.onMessage(this, m);
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = signal ? `signal ${signal}` : `code ${code}`;
        resolve();
      }),
    );
    this.ready = Promise.race([
      new Promise<boolean>((resolve) => this.child.on('message', (m: FromWorker) => m.type === 'ready' && resolve(true))),
      this.exited.then(() => false),
    ]);
  }

  get gone(): Promise<void> {
    return this.exited;
  }

  send(message: ToWorker): void {
    if (this.child.connected) this.child.send(message);
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }

  /** Kills what it had started: boxes die with their worker; plain process groups do not. */
  killLeftovers(): void {
    for (const record of this.launched) killLaunched(record);
  }
}

const everyWorker = new Set<Worker>();
/** Every program any worker of this process started (for the check that none outlives the run). */
const ledger: LaunchRecord[] = [];

/** Pids of processes still alive that belong to a program a worker started (in its box, or marked with its token). */
export function survivorsOfRun(): number[] {
  const namespaces = new Set(ledger.flatMap((r) => (r.pidNamespace !== undefined ? [r.pidNamespace] : [])));
  const marks = new Set(ledger.flatMap((r) => (r.token ? [`TP_BOITE=${r.token}`] : [])));
  const marked = (pid: number) => environmentOf(pid).some((entry) => marks.has(entry));
  const pids = allPids();
  // The kernel gives a freed namespace's number to the next one made: a namespace with one of
  // our numbers is ours if its init (bubblewrap's, which keeps our mark) is ours, or is gone
  // (the namespace is being torn down); another box's init, alive, has a mark of its own.
  const inits = new Map<number, number>();
  for (const pid of pids) {
    const ns = pidNamespaceOf(pid);
    if (ns !== undefined && namespaces.has(ns) && innermostPid(pid) === 1) inits.set(ns, pid);
  }
  const ourNamespace = (ns: number) => namespaces.has(ns) && (!inits.has(ns) || marked(inits.get(ns)!));
  return pids.filter((pid) => {
    if (pid === process.pid) return false;
    const ns = pidNamespaceOf(pid);
    const ours = (ns !== undefined && ourNamespace(ns)) || marked(pid);
    return ours && processState(pid) !== 'Z'; // a zombie is dead already, waiting to be reaped
  });
}

process.once('exit', () => {
  for (const w of everyWorker) w.kill();
  removeRunFolder();
});

/** Each worker's own CPU time (ms) at the last copy it finished, by pid (a worker that dies keeps its last figure). */
const workersCpuMs = new Map<number, number>();

/**
 * The grader's own CPU time so far, in ms: this process's and its workers' (start-up included,
 * up to the last copy each finished), not the students' programs'.
 */
export function graderCpuMs(): { supervisor: number; workers: number } {
  const own = process.cpuUsage();
  return { supervisor: (own.user + own.system) / 1000, workers: [...workersCpuMs.values()].reduce((a, b) => a + b, 0) };
}

/**
 * Grades every assignment, each on one worker, at most `options.workers` at once. Resolves when
 * every test of every copy has a verdict (delivered through `options.onVerdict`).
 */
export async function supervise(assignments: Assignment[], options: SupervisorOptions): Promise<void> {
  const layers = sandboxLayers();
  const privateNetwork = privateNetworkWorks();
  // Once, before the workers start, when a copy has a Python part: they are told which Python to try first.
  if (needsPython(assignments.map((a) => a.copy))) await findPython();
  const fullBox = layers.box && privateNetwork;
  const queue = [...assignments];
  const deaths = new Map<number, number>();
  const jobsPerWorker = Math.max(1, Math.ceil(options.jobs / Math.max(1, Math.min(options.workers, assignments.length))));

  const verdictFor = (task: Assignment, id: string, status: Verdict['status'], feedback: string): Verdict => ({
    id, part: task.titles.get(id)!.part, title: task.titles.get(id)!.title, status, feedback, durationMs: 0,
  });

  const onMessage = (w: Worker, m: FromWorker) => {
    const a = w.assignment;
    if (!a || !('index' in m) || m.index !== a.task.index) return;
    if (m.type === 'started') a.inFlight.add(m.id);
    if (m.type === 'verdict') {
      a.inFlight.delete(m.verdict.id);
      a.done.add(m.verdict.id);
      options.onVerdict(a.task.index, m.verdict);
    }
    if (m.type === 'done') {
      if (w.pid !== undefined) workersCpuMs.set(w.pid, m.cpuMs);
      a.finished();
    }
  };

  /** A worker died or was stopped while grading `task`: verdicts for what was running, the rest to another worker. */
  const workerLost = (w: Worker, how: string) => {
    const a = w.assignment!;
    const n = (deaths.get(a.task.index) ?? 0) + 1;
    deaths.set(a.task.index, n);
    // With a full box, a copy cannot reach its worker: the fault is the machine's, and said so.
    const [status, feedback]: [Verdict['status'], string] = fullBox
      ? ['error', `Le correcteur a été arrêté pendant ce test (${how})\u00a0: incident du correcteur, à signaler à l'enseignant.`]
      : ['failed', `Le correcteur a été arrêté par la copie pendant ce test (${how})\u00a0: ce test est compté comme échoué.`];
    for (const id of a.inFlight) {
      a.done.add(id);
      options.onVerdict(a.task.index, verdictFor(a.task, id, status, feedback));
    }
    const rest = a.task.caseIds.filter((id) => !a.done.has(id));
    if (rest.length > 0 && n >= MAX_WORKER_DEATHS) {
      const why = `Test non exécuté\u00a0: la copie a arrêté le correcteur ${n}\u00a0fois.`;
      for (const id of rest) options.onVerdict(a.task.index, verdictFor(a.task, id, status, why));
    } else if (rest.length > 0) {
      queue.unshift({ ...a.task, caseIds: rest });
    }
    a.finished();
  };

  const runSlot = async (): Promise<void> => {
    let w: Worker | undefined;
    while (queue.length > 0) {
      if (!w || w.exit) w = await startWorker();
      const worker = w;
      const task = queue.shift()!;
      let watch: NodeJS.Timeout | undefined;
      await new Promise<void>((finished) => {
        worker.assignment = { task, inFlight: new Set(), done: new Set(), finished };
        watch = setInterval(() => {
          const state = worker.pid !== undefined ? processState(worker.pid) : undefined;
          worker.stoppedLooks = state === 'T' || state === 't' ? worker.stoppedLooks + 1 : 0;
          if (worker.stoppedLooks >= 2) worker.kill(); // stopped (SIGSTOP): it would never answer again
        }, WATCH_MS);
        worker.send({ type: 'grade', index: task.index, copy: task.copy, caseIds: task.caseIds, seed: options.seed, jobs: jobsPerWorker });
      });
      clearInterval(watch);
      worker.assignment = undefined;
    }
    if (w && !w.exit) {
      w.child.disconnect();
      await w.gone;
    }
  };

  const startWorker = async (): Promise<Worker> => {
    const w = new Worker(privateNetwork, onMessage);
    everyWorker.add(w);
    void w.gone.then(() => {
      everyWorker.delete(w);
      w.killLeftovers();
      if (w.assignment) workerLost(w, w.stoppedLooks >= 2 ? 'il a été suspendu, SIGSTOP' : w.exit!);
    });
    if (!(await w.ready)) throw new Error(`le processus de correction n'a pas démarré (${w.exit})`);
    return w;
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, assignments.length)) }, runSlot));
  } finally {
    if (everyWorker.size === 0) removeRunFolder();
  }
}
