// Everything one test case uses: the part's build, its data, the student programs and TCP
// ends it opened — all closed and killed in cleanup(), whatever happened.
import { connectTo, HarnessServer, type ConnectResult, type TcpPeer, HOST } from './connection';
import { TestData } from './data';
import { EnvironmentFault, fail, Journal } from './journal';
import { stopAll } from './launcher';
import { ownerOfPeer } from './ownership';
import { findIn, listeningAddresses, readTcpTable } from './proc-net';
import { processTree, runDelayMs, socketInodes } from '../sandbox/proc';
import { freePort } from './ports';
import { StudentRun } from './student';
import { DEADLINES, deadline, formatMs, type FairClock } from './timing';
import type { PartBuild, Role } from './transpile';
import type { Language } from '../languages';

/** The ready line is exactly `${READY_LINE} 127.0.0.1:<port>`, as every énoncé states. */
export const READY_LINE = 'Serveur en écoute sur';

/** How old a reading of a scheduling delay may be to start a wait (see recentDelayOf). */
const RECENT_DELAY_MS = 10;

export class TestContext {
  readonly journal = new Journal();
  readonly data: TestData;
  private readonly runs: StudentRun[] = [];
  private readonly peers: TcpPeer[] = [];
  private readonly servers: HarnessServer[] = [];
  /** Set by cleanup(): a case still running after its timeout may not open anything more. */
  private closed = false;

  /** `build.language` runs the part's programs (TypeScript when absent). */
  constructor(readonly build: PartBuild & { language?: Language }, seed: number) {
    this.data = new TestData(seed);
  }

  /**
   * The test's fair clock: what is excused is the largest wait for a processor, since the
   * measure began, of the grader itself or of one of the test's programs (see FairClock).
   */
  readonly clock: FairClock = {
    start: () => {
      const delayOf = (run?: StudentRun) => (run ? run.proc.schedulingDelayMs() : runDelayMs(process.pid));
      const own = this.recentDelayOf(undefined, delayOf);
      const before = new Map(this.runs.map((r) => [r, this.recentDelayOf(r, delayOf)]));
      return () => {
        let excused = own !== undefined ? (delayOf() ?? own) - own : 0;
        for (const r of this.runs) {
          const now = delayOf(r);
          if (now !== undefined) excused = Math.max(excused, now - (before.get(r) ?? 0));
        }
        return excused;
      };
    },
  };

  private readonly recentDelays = new Map<StudentRun | undefined, { at: number; ms: number | undefined }>();

  /**
   * A wait's starting point may be a reading a few ms old: a test starts many short waits, each
   * would otherwise read /proc/<pid>/schedstat for the grader and every program. An older
   * reading only excuses what was refused in those few ms too; the reading that ends a wait is
   * always fresh.
   */
  private recentDelayOf(run: StudentRun | undefined, read: (run?: StudentRun) => number | undefined): number | undefined {
    const now = performance.now();
    const known = this.recentDelays.get(run);
    if (known && now - known.at < RECENT_DELAY_MS) return known.ms;
    const ms = read(run);
    this.recentDelays.set(run, { at: now, ms });
    return ms;
  }

  freePort(): Promise<number> {
    return freePort();
  }

  /** Starts the student's `role` program; fails at once if its file is missing or does not compile. */
  start(role: Role, args: string[]): StudentRun {
    this.ensureOpen();
    const script = this.build.scripts[role];
    if (!script) return fail(this.build.problems[role] ?? `Pas de ${role}${this.build.language?.extension ?? '.ts'}.`);
    const run = StudentRun.start(role, script, args, this.journal, this.build.language);
    this.runs.push(run);
    return run;
  }

  /**
   * Starts the student's server on a free port and waits for its ready line. The line, not a
   * probe connection, says it is ready: in Partie I the first connection is the one graded.
   */
  async startServer(port?: number): Promise<{ server: StudentRun; port: number }> {
    const p = port ?? (await this.freePort());
    const server = this.start('serveur', [String(p)]);
    const ready = `${READY_LINE} ${HOST}:${p}`;
    try {
      await server.waitForStdoutLine((line) => line.trimEnd() === ready, `la ligne «\u00a0${ready}\u00a0»`, DEADLINES.ready);
    } catch (err) {
      // The port the grader chose was taken meanwhile by another program: not the student's fault.
      if (/EADDRINUSE/.test(server.proc.stderr.text()) && this.someoneElseListensOn(p, server)) {
        throw new EnvironmentFault(`le port ${p}, choisi par le correcteur, a été pris entre-temps par un autre programme`);
      }
      throw err;
    }
    this.journal.add(`le serveur est prêt`);
    return { server, port: p };
  }

  async tryConnect(port: number, name?: string): Promise<ConnectResult> {
    this.ensureOpen();
    const r = await connectTo(port, this.journal, name);
    if (r.ok) this.peers.push(r.peer);
    if (this.closed) await this.cleanup(); // the case timed out while connecting
    return r;
  }

  /** Connects to the student's server; fails with the error code if it refuses. */
  async connect(port: number, name?: string): Promise<TcpPeer> {
    const r = await this.tryConnect(port, name);
    if (!r.ok) return fail(`Connexion à ${HOST}:${port} impossible (${r.code}) alors que le serveur a annoncé être en écoute${this.whereServersListen(port)}.`);
    return r.peer;
  }

  /** Whether a socket that is not `run`'s listens on `port` (IPv4). */
  private someoneElseListensOn(port: number, run: StudentRun): boolean {
    const table = readTcpTable() ?? [];
    const own = new Set(run.proc.pid !== undefined ? processTree(run.proc.pid).flatMap(socketInodes) : []);
    return table.some((e) => e.localPort === port && e.state === 'LISTEN' && !own.has(e.inode));
  }

  /**
   * Why this test cannot be held against the copy, if it cannot: the sandbox did not start, or
   * (without a private network) a program foreign to the test reached one of the copy's
   * servers. Asked when a test did not pass.
   */
  environmentFault(): string | undefined {
    const broken = this.runs.find((r) => r.proc.sandboxFault);
    if (broken) return broken.proc.sandboxFault;
    if (process.env.TP_RESEAU_PRIVE === '1') return undefined; // alone on its loopback: no stranger can exist
    const table = readTcpTable();
    if (!table) return undefined;
    const ours = new Set([...socketInodes(process.pid), ...this.runs.flatMap((r) => (r.proc.pid !== undefined ? processTree(r.proc.pid).flatMap(socketInodes) : []))]);
    for (const server of this.runs.filter((r) => r.role === 'serveur' && r.proc.pid !== undefined)) {
      const held = new Set(processTree(server.proc.pid!).flatMap(socketInodes));
      for (const e of table) {
        if (!held.has(e.inode) || e.state === 'LISTEN') continue;
        const far = findIn(table, e.remotePort, e.localPort, true);
        if (far && far.inode !== 0 && !ours.has(far.inode)) {
          return `un programme étranger au test s'est connecté au serveur de la copie (depuis le port ${e.remotePort})`;
        }
      }
    }
    return undefined;
  }

  /** « : il écoute sur 127.0.0.2:5050, pas sur 127.0.0.1:5050 », from the kernel's tables; '' when unknown. */
  private whereServersListen(port: number): string {
    const inodes = this.runs
      .filter((r) => r.role === 'serveur' && r.proc.pid !== undefined)
      .flatMap((r) => processTree(r.proc.pid!).flatMap(socketInodes));
    const addresses = listeningAddresses(inodes);
    if (addresses.length === 0) return '';
    return `\u00a0; il écoute sur ${addresses.join(', ')}, pas sur ${HOST}:${port} comme le demande l'énoncé`;
  }

  /** Runs a harness server, to play the server against a student's client. */
  async listen(port?: number): Promise<HarnessServer> {
    this.ensureOpen();
    const programs = () => this.runs.map((r) => r.proc);
    const chosen = port ?? (await this.freePort());
    const server = await HarnessServer.listen(chosen, this.journal, (near, far) => ownerOfPeer(near, far, programs())).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new EnvironmentFault(`le port ${chosen}, choisi par le correcteur, a été pris entre-temps par un autre programme`);
      throw err;
    });
    this.servers.push(server);
    if (this.closed) await this.cleanup(); // the case timed out while it was starting
    return server;
  }

  /** The connection the student's client opens to `server`; fails if it exits or never connects. */
  async acceptFrom(server: HarnessServer, client: StudentRun): Promise<TcpPeer> {
    // The clock started when the client was spawned: its cold start counts, as for a server.
    const peer = await server.accept(DEADLINES.ready, () => client.goneReason());
    if (peer) return peer;
    const why = client.goneReason() ?? `aucune connexion en ${formatMs(deadline(DEADLINES.ready))}`;
    return fail(`Attendu\u00a0: ${client.name} se connecte à ${HOST}:${server.port}\u00a0; reçu\u00a0: ${why}.`);
  }

  /** Waits until every program that is already dead has been reported as exited. */
  async settle(): Promise<void> {
    await Promise.all(this.runs.map((r) => r.settle()));
  }

  /**
   * Sentences that explain a failure by the state of the programs: one that crashed during the
   * test (its error line: a TODO's message, an uncaught error), one that spins on the processor.
   */
  async programNotes(): Promise<string[]> {
    const notes: string[] = [];
    for (const r of this.runs) {
      if (r.crashed()) notes.push(`(${r.goneReason()}.)`);
      const busy = await r.busyNote();
      if (busy) notes.push(busy);
    }
    return notes;
  }

  /**
   * The programs when the test ended: those still running, with what they wrote on stderr, and
   * those that stopped on an error the failure does not already tell. A server that crashes
   * while the test waits on its socket shows in `failure` as a connection reset, not as the
   * crash (a TODO not done yet, say), which this adds.
   */
  describeProgramsAtEnd(failure = ''): string {
    return this.runs
      .flatMap((r) => {
        if (!r.proc.exit) return [`${r.name}\u00a0: toujours en cours${r.crashSummary()}`];
        const gone = r.goneReason();
        const stoppedOnError = r.proc.exit.signal !== null || r.proc.exit.code !== 0;
        return stoppedOnError && gone && !failure.includes(gone) ? [gone] : [];
      })
      .join('\n');
  }

  /**
   * When the test saw its connection closed or reset, a program may be going down on an error
   * (a crash closes its sockets before its exit is seen): lets each program still running
   * either be gone or be seen waiting (StudentRun.settleDown), so that the feedback can say why.
   */
  async settleAfter(failure: string): Promise<void> {
    if (!/connexion fermée|ECONNRESET|EPIPE/.test(failure)) return;
    await Promise.all(this.runs.map((r) => r.settleDown()));
  }

  private ensureOpen(): void {
    if (this.closed) fail('Test arrêté (temps dépassé).');
  }

  async cleanup(): Promise<void> {
    this.closed = true;
    for (const s of this.servers) s.close();
    for (const p of this.peers) p.destroy();
    await stopAll(this.runs.map((r) => r.proc));
  }
}
