// A student's server or client as a test drives it: started from the submission's build, with
// French descriptions of what it printed and how it ended, for the feedback.
import { hasAnyStackTrace, typescript, type Language } from '../languages';
import { launch, type StudentProcess } from './launcher';
import { treeRunning } from './proc-tree';
import type { Journal } from './journal';
import { fail } from './journal';
import type { Role } from './transpile';
import { show } from './show';
import { DEADLINES, deadline, formatMs, waitFor } from './timing';

const ROLE_NAMES: Record<Role, string> = { serveur: 'le serveur', client: 'le client' };
const OF_ROLE: Record<Role, string> = { serveur: 'du serveur', client: 'du client' };

/** Looks, 10 ms apart, that must all find a program running for it to be said to loop. */
const BUSY_LOOKS = 6;
/** Looks in a row, 10 ms or more apart, that must find no thread running for a program to be said to wait. */
const IDLE_LOOKS = 3;
/** Fair time a program going down after closing its connection gets to be gone: a crash takes a few ms of CPU. */
const SETTLE_MS = 1000;
/** Without /proc, the one thing left: a short wait for the exit. */
const NO_PROC_SETTLE_MS = 250;

export class StudentRun {
  constructor(readonly role: Role, readonly proc: StudentProcess, private readonly journal: Journal, readonly language: Language = typescript) {}

  /** Starts `script` (a file of the part's build) in its language (grader/languages). */
  static start(role: Role, script: string, args: string[], journal: Journal, language: Language = typescript): StudentRun {
    journal.add(`lancement\u00a0: ${language.commandLine(role, args)}`);
    return new StudentRun(role, launch(role, language.program(script, args)), journal, language);
  }

  /** « le serveur » */
  get name(): string {
    return ROLE_NAMES[this.role];
  }

  /** « du serveur », as in « la sortie standard du serveur » */
  get ofName(): string {
    return OF_ROLE[this.role];
  }

  /** Why the program can no longer do anything (it exited), or undefined while it runs. */
  goneReason(): string | undefined {
    const exit = this.proc.exit;
    if (!exit) return undefined;
    if (this.proc.startError) return `${this.name} n'a pas pu être lancé (${this.proc.startError.message})`;
    const how = exit.signal ? `tué par le signal ${exit.signal}` : `code de sortie ${exit.code}`;
    return `${this.name} s'est arrêté (${how})${this.crashSummary()}`;
  }

  /** The gist of stderr: the error line of a crash (a TODO's message, say), else its first lines. */
  crashSummary(): string {
    const text = this.proc.stderr.text().trim();
    return text ? `\u00a0; sortie d'erreur\u00a0: ${this.describeStderr()}` : '';
  }

  /** stderr for the feedback: a crash is shown by its error line, not its whole stack trace. */
  describeStderr(): string {
    const text = this.proc.stderr.text().trim();
    if (!text) return 'rien';
    const lines = text.split('\n');
    // The exception line of the program's own language (Node's « Error: … », Python's last traceback line).
    const errorLine = this.language.errorLine(text);
    if (errorLine && this.language.hasStackTrace(text)) return `«\u00a0${errorLine.trim().replace(/\.$/, '')}\u00a0» (suivi d'une pile d'appels)`;
    return show(lines.slice(0, 6).join('\n'));
  }

  /**
   * A program whose process is already dead may not have been reported as exited yet (its
   * pipes close a moment later): waits for that report, so that a crash is never described as
   * « toujours en cours ». Returns at once for a program that really runs.
   */
  async settle(): Promise<void> {
    if (this.proc.exit || this.proc.programDead() !== true) return;
    await waitFor(() => this.proc.exit, DEADLINES.exit);
  }

  /**
   * After the test saw its connection closed or reset: waits until the program has exited or
   * is seen waiting for an event (no thread running, IDLE_LOOKS looks in a row), at most
   * SETTLE_MS of fair time. A program going down on an error (its sockets close before its
   * exit) is running until it is gone, so its crash is always reported; one that closed a
   * connection and goes on sleeps at once. Decided by the program's state, not by a timer.
   * Without /proc, a short wait for the exit is all that can be done.
   */
  async settleDown(): Promise<void> {
    if (this.proc.exit || this.proc.pid === undefined) return;
    const pid = this.proc.pid;
    if (treeRunning(pid) === null) {
      await waitFor(() => this.proc.exit, NO_PROC_SETTLE_MS);
      return;
    }
    let idleLooks = 0;
    await waitFor(() => {
      if (this.proc.exit) return true;
      idleLooks = treeRunning(pid) ? 0 : idleLooks + 1;
      return idleLooks >= IDLE_LOOKS ? true : undefined;
    }, SETTLE_MS, 10);
    await this.settle();
  }

  /** Whether the program crashed on an uncaught error (a stack trace on stderr). */
  crashed(): boolean {
    return this.proc.exit !== undefined && hasStackTrace(this.proc.stderr.text());
  }

  /**
   * « Le serveur utilise 100 % du processeur… » when the running program (with its
   * descendants) is found running, not waiting, at every look over a short while: an idle
   * program sleeps in the kernel until an event comes, an endless loop never does. The state
   * is what counts, not the processor time, which a loaded machine shares out. Linux only
   * (/proc); undefined elsewhere or when the program is idle.
   */
  async busyNote(): Promise<string | undefined> {
    if (this.proc.exit || this.proc.pid === undefined) return undefined;
    for (let look = 0; look < BUSY_LOOKS; look++) {
      if (look > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      if (this.proc.exit || treeRunning(this.proc.pid) !== true) return undefined;
    }
    return `${capitalize(this.name)} utilise 100\u00a0% du processeur sans répondre\u00a0: une boucle sans fin\u00a0?`;
  }

  /** Waits for a stdout line matching `test`; fails with French feedback on exit or timeout. */
  async waitForStdoutLine(test: (line: string) => boolean, expected: string, ms: number = DEADLINES.line): Promise<string> {
    const waited = await waitFor(() => {
      const found = this.proc.stdout.lines().find(test);
      if (found !== undefined) return { found };
      const gone = this.goneReason();
      return gone ? { gone } : undefined;
    }, ms);
    if (waited.ok && waited.value.found !== undefined) return waited.value.found;
    const why = waited.ok ? waited.value.gone : `rien d'autre en ${formatMs(deadline(ms))}`;
    return fail(`Attendu sur la sortie standard ${this.ofName}\u00a0: ${expected}\u00a0; reçu\u00a0: ${this.describeStdout()}, puis ${why}.`);
  }

  describeStdout(): string {
    const out = this.proc.stdout.bytes();
    const dropped = this.proc.stdout.dropped > 0 ? ` (et ${this.proc.stdout.dropped} octets de plus, non gardés)` : '';
    return out.length === 0 ? 'rien' : show(out) + dropped;
  }

  /** Waits for the exit; undefined if the program still runs after `ms`. */
  async waitExit(ms: number = DEADLINES.exit): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
    const waited = await waitFor(() => this.proc.exit, ms);
    if (waited.ok) this.journal.add(`${this.name}\u00a0: terminé (${waited.value.signal ?? `code ${waited.value.code}`})`);
    return waited.ok ? waited.value : undefined;
  }

  /** Sends a signal, as Ctrl-C (SIGINT) or a service manager (SIGTERM) would. */
  sendSignal(sig: NodeJS.Signals): void {
    this.journal.add(`${this.name} ← signal ${sig}`);
    this.proc.signal(sig);
  }

  writeStdin(text: string): void {
    this.journal.add(`${this.name} ← clavier ${show(text)}`);
    this.proc.writeStdin(text);
  }

  endStdin(): void {
    this.journal.add(`${this.name} ← fin de l'entrée standard (Ctrl-D)`);
    this.proc.endStdin();
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A stack trace of any language the grader runs: a Node frame ("    at f (file.js:3:9)"), a Python « Traceback ». */
export function hasStackTrace(text: string): boolean {
  return hasAnyStackTrace(text);
}
