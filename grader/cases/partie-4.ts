// Partie IV — discussion : chaque côté lit son clavier et la socket en même temps. Chaque
// programme est testé contre le correcteur qui joue l'autre côté, jamais contre l'autre
// programme de la copie : un client faux ne coûte pas de points au serveur.
import type { TcpPeer } from '../harness/connection';
import { READY_LINE, type TestContext } from '../harness/context';
import { expectClose, expectExit, expectLine, expectNoStackTrace, expectStderrMentions } from '../harness/expect';
import { fail } from '../harness/journal';
import { show } from '../harness/show';
import type { StudentRun } from '../harness/student';
import { DEADLINES, waitFor } from '../harness/timing';
import type { Role } from '../harness/transpile';
import type { TestCase } from './types';

const PREFIX = /^\[(client|serveur)\] ?/;

/** The messages a program printed: its stdout lines without the ready line, prefixes and empty lines. */
function messagesOf(run: StudentRun): string[] {
  return run.proc.stdout
    .lines()
    .filter((l) => !l.startsWith(READY_LINE))
    .map((l) => l.replace(PREFIX, ''))
    .filter((l) => l !== '');
}

/** The program must show exactly `expected` as messages received, in order. */
async function expectShown(run: StudentRun, expected: string[], ms: number = DEADLINES.line): Promise<void> {
  await waitFor(() => (messagesOf(run).length >= expected.length || run.proc.exit ? true : undefined), ms);
  const shown = messagesOf(run);
  if (shown.length === expected.length && shown.every((m, i) => m === expected[i])) return;
  const firstWrong = expected.findIndex((m, i) => shown[i] !== m);
  const detail =
    firstWrong === -1
      ? `${shown.length - expected.length} message(s) de trop, dont ${show(shown[expected.length])}`
      : `message ${firstWrong + 1} sur ${expected.length}\u00a0: attendu ${show(expected[firstWrong])}, ${shown[firstWrong] === undefined ? 'absent' : `reçu ${show(shown[firstWrong])}`}`;
  const exit = run.goneReason();
  fail(`Attendu sur la sortie standard ${run.ofName}\u00a0: les ${expected.length} message(s) reçus, dans l'ordre\u00a0; ${detail}${exit ? ` (${exit})` : ''}.`);
}

interface Chat {
  student: StudentRun;
  /** The harness's end: it plays the client against a student server, the server against a student client. */
  conn: TcpPeer;
}

/** Starts the student's `role` and connects the harness to it as the other side. */
async function openChat(t: TestContext, role: Role): Promise<Chat> {
  if (role === 'serveur') {
    const { server, port } = await t.startServer();
    return { student: server, conn: await t.connect(port, 'client du test') };
  }
  const server = await t.listen();
  const client = t.start('client', [String(server.port)]);
  return { student: client, conn: await t.acceptFrom(server, client) };
}

const OTHER: Record<Role, string> = { serveur: 'le client', client: 'le serveur' };

/** One test per role: the same behaviour, checked on the server and on the client. */
function bothSides(id: string, title: (role: Role) => string, scene: (chat: Chat, t: TestContext, role: Role) => Promise<void>): TestCase[] {
  return (['serveur', 'client'] as const).map((role) => ({
    id: `p4-${role}-${id}`,
    part: 4,
    title: title(role),
    async run(t: TestContext) {
      await scene(await openChat(t, role), t, role);
    },
  }));
}

/** The harness receives `lines`, in order, from the student's program. */
async function expectReceived(conn: TcpPeer, lines: string[]): Promise<void> {
  for (const [i, line] of lines.entries()) await expectLine(conn, line, lines.length > 1 ? `Message ${i + 1} sur ${lines.length}\u00a0: ` : '');
}

/** After `fin` (typed or Ctrl-D), the program sends `fin`, closes with FIN and, once the harness closes too, exits 0. */
async function expectLeavesWithFin(chat: Chat): Promise<void> {
  await expectLine(chat.conn, 'fin', 'Annonce du départ\u00a0: ');
  await expectClose(chat.conn, 'FIN', `la connexion par ${chat.student.name}`);
  chat.conn.end();
  await expectExit(chat.student, 0);
}

export const partie4: TestCase[] = [
  ...bothSides('affiche', (role) => `${role === 'serveur' ? 'le serveur' : 'le client'} affiche un message reçu sans que rien ne soit tapé de son côté`, async ({ student, conn }, t) => {
    const message = t.data.sentence(3);
    await conn.send(message + '\n');
    await expectShown(student, [message]);
  }),
  ...bothSides('envoie', (role) => `un message tapé sur ${role === 'serveur' ? 'le serveur' : 'le client'} part vers ${OTHER[role]}`, async ({ student, conn }, t) => {
    const message = t.data.sentence(3);
    student.writeStdin(message + '\n');
    await expectReceived(conn, [message]);
  }),
  ...bothSides('cinq-messages', (role) => `${role === 'serveur' ? 'le serveur' : 'le client'} envoie 5 messages à la suite, sans réponse entre eux\u00a0: les 5 arrivent`, async ({ student, conn }, t) => {
    const messages = t.data.lines(5);
    for (const m of messages) student.writeStdin(m + '\n');
    await expectReceived(conn, messages);
  }),
  ...bothSides('mille', () => '1000 messages de chaque côté au même moment\u00a0: tous arrivent, dans l\'ordre, sans blocage', async ({ student, conn }, t) => {
    const typed = Array.from({ length: 1000 }, (_, i) => `tapé ${i + 1} ${t.data.word()}`);
    const sent = Array.from({ length: 1000 }, (_, i) => `reçu ${i + 1} ${t.data.word()}`);
    student.writeStdin(typed.map((m) => m + '\n').join(''));
    await conn.send(sent.map((m) => m + '\n').join(''));
    await expectReceived(conn, typed);
    await expectShown(student, sent);
  }),
  ...bothSides('fin-tapee', (role) => `«\u00a0fin\u00a0» tapé sur ${role === 'serveur' ? 'le serveur' : 'le client'}\u00a0: il l'annonce, ferme proprement (FIN) et se termine avec le code 0`, async (chat, t) => {
    chat.student.writeStdin(t.data.sentence(2) + '\n');
    await chat.conn.readLine();
    chat.student.writeStdin('fin\n');
    await expectLeavesWithFin(chat);
  }),
  ...bothSides('ctrl-d', (role) => `la fin de l'entrée standard (Ctrl-D) sur ${role === 'serveur' ? 'le serveur' : 'le client'} agit comme «\u00a0fin\u00a0»`, async (chat) => {
    chat.student.endStdin();
    await expectLeavesWithFin(chat);
  }),
  ...bothSides('fin-recue', (role) => `quand ${OTHER[role]} envoie «\u00a0fin\u00a0», ${role === 'serveur' ? 'le serveur' : 'le client'} ferme proprement (FIN) et se termine avec le code 0`, async ({ student, conn }, t) => {
    const message = t.data.sentence(2);
    await conn.send(message + '\n');
    await conn.send('fin\n');
    conn.end();
    await expectClose(conn, 'FIN', `la connexion par ${student.name}`);
    await expectExit(student, 0);
    await expectShown(student, [message]); // « fin » is not shown as a message
  }),
  ...bothSides('pair-parti', (role) => `${OTHER[role]} part sans «\u00a0fin\u00a0» (FIN)\u00a0: ${role === 'serveur' ? 'le serveur' : 'le client'} le signale et se termine avec le code 0`, async ({ student, conn }, t) => {
    await conn.send(t.data.sentence(2) + '\n');
    conn.end();
    await expectClose(conn, 'FIN', `la connexion par ${student.name}`);
    await expectExit(student, 0);
    expectStderrMentions(student, [/ferm/i], `un message qui dit que ${OTHER[student.role]} a fermé la connexion`);
    expectNoStackTrace(student);
  }),
  ...bothSides('pair-rst', (role) => `${OTHER[role]} disparaît brutalement (RST)\u00a0: ${role === 'serveur' ? 'le serveur' : 'le client'} le signale (ECONNRESET) et se termine avec le code 1`, async ({ student, conn }, t) => {
    await conn.send(t.data.sentence(2) + '\n');
    // Reset once the program has taken the connection in (its message shown), as a peer would.
    await waitFor(() => (messagesOf(student).length > 0 || student.proc.exit ? true : undefined), DEADLINES.line);
    conn.reset();
    await expectExit(student, 1);
    expectStderrMentions(student, ['ECONNRESET'], 'un message qui dit que la connexion a été interrompue brutalement (ECONNRESET)');
    expectNoStackTrace(student);
  }),
  {
    id: 'p4-fin-dans-phrase',
    part: 4,
    title: 'une phrase qui contient «\u00a0fin\u00a0» ne termine pas la discussion',
    async run(t) {
      const { student, conn } = await openChat(t, 'serveur');
      const messages = ['la fin du film', 'enfin', t.data.sentence(2)];
      for (const m of messages) await conn.send(m + '\n');
      await expectShown(student, messages);
      const reply = t.data.sentence(2);
      student.writeStdin(reply + '\n');
      await expectReceived(conn, [reply]);
    },
  },
];
