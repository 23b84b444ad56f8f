// Assertions that tests share. Each failure states, in French, what was expected and what came
// back: « Attendu : "bonjour\n" ; reçu : rien, connexion fermée (FIN) ».
import { describeClose, describeRead, type CloseKind, type TcpPeer } from './connection';
import { fail } from './journal';
import { show } from './show';
import { hasStackTrace, type StudentRun } from './student';
import { DEADLINES, deadline, formatMs, waitFor } from './timing';

/** The next line on `peer` must be `expected`. */
export async function expectLine(peer: TcpPeer, expected: string, context = ''): Promise<void> {
  const read = await peer.readLine();
  if (read.kind === 'line' && read.line === expected) return;
  fail(`${context}Attendu\u00a0: ${show(expected + '\n')}\u00a0; reçu\u00a0: ${describeRead(read)}.`);
}

/** The next lines on `peer` must be `expected`, in order. */
export async function expectLines(peer: TcpPeer, expected: string[]): Promise<void> {
  for (const [i, line] of expected.entries()) {
    await expectLine(peer, line, expected.length > 1 ? `Ligne ${i + 1} sur ${expected.length}\u00a0: ` : '');
  }
}

/** The peer must close its side with `how` (FIN by default), having sent nothing more. */
export async function expectClose(peer: TcpPeer, how: CloseKind = 'FIN', what = 'la connexion'): Promise<void> {
  const closed = await peer.waitClosed();
  const extra = peer.unreadBytes();
  if (closed === how && extra.length === 0) return;
  const expected = `fermeture ${how === 'FIN' ? 'propre' : 'brutale'} de ${what} (${how})`;
  const extraText = extra.length > 0 ? `${show(extra)} en plus, ` : '';
  const got =
    closed === 'timeout'
      ? `${extraText}connexion toujours ouverte après ${formatMs(deadline(DEADLINES.close))}${peer.kernelState() ? ` (${peer.kernelState()})` : ''}`
      : `${extraText}connexion fermée ${describeClose(closed)}`;
  fail(`Attendu\u00a0: ${expected}\u00a0; reçu\u00a0: ${got}.`);
}

type ExitExpectation = number | 'non-zero';

/** The program must exit, with `code` (or any non-zero code). */
export async function expectExit(run: StudentRun, code: ExitExpectation, ms: number = DEADLINES.exit): Promise<void> {
  const exit = await run.waitExit(ms);
  const wanted = code === 'non-zero' ? 'un code de sortie non nul' : `le code de sortie ${code}`;
  if (!exit) fail(`Attendu\u00a0: ${run.name} se termine avec ${wanted}\u00a0; reçu\u00a0: toujours en cours après ${formatMs(deadline(ms))}.`);
  const ok = exit.signal === null && (code === 'non-zero' ? exit.code !== 0 : exit.code === code);
  if (ok) return;
  const got = exit.signal ? `tué par le signal ${exit.signal}` : `code de sortie ${exit.code}`;
  fail(`Attendu\u00a0: ${run.name} se termine avec ${wanted}\u00a0; reçu\u00a0: ${got}${run.crashSummary()}.`);
}

/** stderr must not hold a stack trace: errors are told to a person, in one sentence. */
export function expectNoStackTrace(run: StudentRun): void {
  const err = run.proc.stderr.text();
  if (hasStackTrace(err)) fail(`Attendu\u00a0: un message d'erreur en une phrase, sans pile d'appels\u00a0; reçu sur la sortie d'erreur\u00a0: ${run.describeStderr()}.`);
}

/** The program's stdout must end up being exactly `expected` lines (waits for them to arrive). */
export async function expectStdoutLines(run: StudentRun, expected: string[], ms: number = DEADLINES.line): Promise<void> {
  const wanted = expected.map((l) => l + '\n').join('');
  await waitFor(() => (run.proc.stdout.lines().length >= expected.length || run.proc.exit ? true : undefined), ms);
  const got = run.proc.stdout.text();
  if (got === wanted) return;
  const exit = run.goneReason();
  fail(`Attendu sur la sortie standard ${run.ofName}\u00a0: ${show(wanted)}\u00a0; reçu\u00a0: ${run.describeStdout()}${exit ? ` (${exit})` : ''}.`);
}

/** stderr must mention every pattern (an error code, an address…), described for the feedback. */
export function expectStderrMentions(run: StudentRun, patterns: Array<string | RegExp>, description: string): void {
  const err = run.proc.stderr.text();
  const missing = patterns.filter((p) => (typeof p === 'string' ? !err.includes(p) : !p.test(err)));
  if (missing.length === 0) return;
  fail(`Attendu sur la sortie d'erreur ${run.ofName}\u00a0: ${description}\u00a0; reçu\u00a0: ${run.describeStderr()}.`);
}

/** The student's client closes its side with a FIN; once the harness closes too, it exits 0. */
export async function expectClientLeavesCleanly(client: StudentRun, conn: TcpPeer): Promise<void> {
  await expectClose(conn, 'FIN', 'la connexion par le client');
  conn.end();
  await expectExit(client, 0);
}
