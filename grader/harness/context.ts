// Everything one test case uses: the part's build, its data, the student programs and TCP
// ends it opened — all closed and killed in cleanup(), whatever happened.
import { connectTo, HarnessServer, type ConnectResult, type TcpPeer, HOST } from './connection';
import { TestData } from './data';
import { fail, Journal } from './journal';
import { stopAll } from './launcher';
import { freePort } from './ports';
import { StudentRun } from './student';
import { DEADLINES, deadline, formatMs } from './timing';
import type { PartBuild, Role } from './transpile';

/** The ready line is exactly `${READY_LINE} 127.0.0.1:<port>`, as every énoncé states. */
export const READY_LINE = 'Serveur en écoute sur';

export class TestContext {
  readonly journal = new Journal();
  readonly data: TestData;
  private readonly runs: StudentRun[] = [];
  private readonly peers: TcpPeer[] = [];
  private readonly servers: HarnessServer[] = [];
  /** Set by cleanup(): a case still running after its timeout may not open anything more. */
  private closed = false;

  constructor(readonly build: PartBuild, seed: number) {
    this.data = new TestData(seed);
  }

  freePort(): Promise<number> {
    return freePort();
  }

  /** Starts the student's `role` program; fails at once if its file is missing or does not compile. */
  start(role: Role, args: string[]): StudentRun {
    this.ensureOpen();
    const script = this.build.scripts[role];
    if (!script) return fail(this.build.problems[role] ?? `Pas de ${role}.ts.`);
    const run = StudentRun.start(role, script, args, this.journal);
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
    await server.waitForStdoutLine((line) => line.trimEnd() === ready, `la ligne «\u00a0${ready}\u00a0»`, DEADLINES.ready);
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
    if (!r.ok) return fail(`Connexion à ${HOST}:${port} impossible (${r.code}) alors que le serveur a annoncé être en écoute.`);
    return r.peer;
  }

  /** Runs a harness server, to play the server against a student's client. */
  async listen(port?: number): Promise<HarnessServer> {
    this.ensureOpen();
    const server = await HarnessServer.listen(port ?? (await this.freePort()), this.journal);
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
   * The programs still running when the test ended, with what they wrote on stderr: a program
   * that exited is already described by the failure itself.
   */
  describeRunningPrograms(): string {
    return this.runs
      .filter((r) => !r.proc.exit)
      .map((r) => `${r.name}\u00a0: toujours en cours${r.crashSummary()}`)
      .join('\n');
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
