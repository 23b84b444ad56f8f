// Partie IV — discussion : chaque côté lit son clavier et la socket en même temps. Chaque
// programme est testé contre le correcteur qui joue l'autre côté, jamais contre l'autre
// programme de la copie : un client faux ne coûte pas de points au serveur.
import type { TcpPeer } from '../harness/connection';
import { READY_LINE, type TestContext } from '../harness/context';
import { expectClose, expectExit, expectLine, expectNoStackTrace, expectStderrMentions } from '../harness/expect';
import { fail } from '../harness/journal';
import { show } from '../harness/show';
import type { StudentRun } from '../harness/student';
import { DEADLINES, deadline, formatMs, waitFor } from '../harness/timing';
import type { Role } from '../harness/transpile';
import { treeReadBytes } from '../harness/proc-tree';
import { letGoWithin, programSocketInode } from '../harness/release';
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

/**
 * The program must show `expected` as messages received, in order. `exactly`: nothing else
 * either (p4-*-affiche grades « le stdout ne contient que … les messages reçus »); otherwise
 * other lines are tolerated, so that a stray notice on stdout costs that one test only.
 */
async function expectShown(run: StudentRun, expected: string[], exactly = false, ms: number = DEADLINES.line): Promise<void> {
  const shownAll = () => {
    const shown = messagesOf(run);
    return exactly ? shown : shown.filter((m) => expected.includes(m));
  };
  const waited = await waitFor(() => (shownAll().length >= expected.length || run.proc.exit ? true : undefined), ms);
  const shown = shownAll();
  if (shown.length === expected.length && shown.every((m, i) => m === expected[i])) return;
  const firstWrong = expected.findIndex((m, i) => shown[i] !== m);
  const missing = shown[firstWrong] === undefined;
  const late = waited.ok ? '' : `, temps dépassé (${formatMs(deadline(ms))} sans le voir)`;
  const detail =
    firstWrong === -1
      ? `${shown.length - expected.length} message(s) de trop, dont ${show(shown[expected.length])} (le stdout ne contient que la ligne prête et les messages reçus\u00a0; les avis vont sur stderr)`
      : `message ${firstWrong + 1} sur ${expected.length}\u00a0: attendu ${show(expected[firstWrong])}\u00a0; reçu\u00a0: ${missing ? `rien${late}` : show(shown[firstWrong])}`;
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
function bothSides(id: string, title: (role: Role) => string, contract: string, scene: (chat: Chat, t: TestContext, role: Role) => Promise<void>): TestCase[] {
  return (['serveur', 'client'] as const).map((role) => ({
    id: `p4-${role}-${id}`,
    part: 4,
    title: title(role),
    contract,
    async run(t: TestContext) {
      await scene(await openChat(t, role), t, role);
    },
  }));
}

/** The harness receives `lines`, in order, from the student's program. */
async function expectReceived(conn: TcpPeer, lines: string[]): Promise<void> {
  for (const [i, line] of lines.entries()) await expectLine(conn, line, lines.length > 1 ? `Message ${i + 1} sur ${lines.length}\u00a0: ` : '');
}

/**
 * The program is done with the connection: it exited, or it still runs but has closed its
 * socket. Exiting with code 0 is p4-*-sortie's concern alone (a keyboard left open, a server
 * still listening), so that such a program loses that one test; exiting with another code than
 * `code` fails here.
 */
async function expectDone(run: StudentRun, conn: TcpPeer, inode: number, code = 0): Promise<void> {
  const exit = await run.waitExit(DEADLINES.exit);
  if (exit) {
    if (exit.signal !== null || exit.code !== code) await expectExit(run, code);
    return;
  }
  // Still running: fine here if the connection is closed on its side (Node closes the socket
  // before it reports the error or the close, so this is only asked once the exit did not come).
  if ((await letGoWithin(run, inode, 100)) === true) return;
  await expectExit(run, code);
}

/** After `fin` (typed or Ctrl-D), the program sends `fin`, closes with FIN and, once the harness closes too, is done. */
async function expectLeavesWithFin(chat: Chat, afterFin?: () => void): Promise<void> {
  const inode = programSocketInode(chat.conn);
  await expectLine(chat.conn, 'fin', 'Annonce du départ\u00a0: ');
  afterFin?.();
  await expectClose(chat.conn, 'FIN', `la connexion par ${chat.student.name}`);
  chat.conn.end();
  await expectDone(chat.student, chat.conn, inode);
}

const side = (role: Role) => (role === 'serveur' ? 'le serveur' : 'le client');

/** Lines that hold « fin » without being the line `fin`, one of each kind in every seed. */
const NOT_FIN = [
  ['FIN', 'Fin'],
  [' fin', 'fin '],
  ['enfin', 'afin que'],
  ['la fin du film', 'fin de ligne'],
];

export const partie4: TestCase[] = [
  ...bothSides('affiche', (role) => `${side(role)} affiche un message reçu sans que rien ne soit tapé de son côté, et rien d'autre sur stdout`,
    'Le stdout ne contient que la ligne prête (serveur) et les messages reçus.', async ({ student, conn }, t) => {
      const message = t.data.sentence(3);
      await conn.send(message + '\n');
      await expectShown(student, [message], true);
    }),
  ...bothSides('envoie', (role) => `un message tapé sur ${side(role)} part vers ${OTHER[role]}`,
    'Chaque ligne lue sur l\'entrée standard est envoyée suivie de \\n, dès qu\'elle est lue, sans attendre de réponse.', async ({ student, conn }, t) => {
      const message = t.data.sentence(3);
      student.writeStdin(message + '\n');
      await expectReceived(conn, [message]);
    }),
  ...bothSides('cinq-messages', (role) => `${side(role)} envoie 5 messages à la suite, sans réponse entre eux\u00a0: les 5 arrivent`,
    'La discussion est libre : l\'un ou l\'autre côté peut écrire à tout moment, plusieurs messages de suite, sans tour de parole.', async ({ student, conn }, t) => {
      const messages = t.data.lines(5);
      for (const m of messages) student.writeStdin(m + '\n');
      await expectReceived(conn, messages);
    }),
  ...bothSides('mille', () => '1000 messages de chaque côté au même moment\u00a0: tous arrivent, dans l\'ordre, sans blocage',
    'Rien ne bloque : 1000 messages tapés de chaque côté au même moment arrivent tous, dans l\'ordre, des deux côtés.', async ({ student, conn }, t) => {
      const typed = Array.from({ length: 1000 }, (_, i) => `tapé ${i + 1} ${t.data.word()}`);
      const sent = Array.from({ length: 1000 }, (_, i) => `reçu ${i + 1} ${t.data.word()}`);
      student.writeStdin(typed.map((m) => m + '\n').join(''));
      await conn.send(sent.map((m) => m + '\n').join(''));
      await expectReceived(conn, typed);
      await expectShown(student, sent);
    }),
  ...bothSides('fin-tapee', (role) => `«\u00a0fin\u00a0» tapé sur ${side(role)}\u00a0: il l'annonce, ferme proprement (FIN) et se termine avec le code 0`,
    'Pour quitter, on tape la ligne fin : elle est envoyée (fin\\n), puis ce côté ferme sa moitié de la connexion avec end() (FIN). Ce qui est tapé ensuite n\'est plus envoyé.', async (chat, t) => {
      chat.student.writeStdin(t.data.sentence(2) + '\n');
      await chat.conn.readLine();
      chat.student.writeStdin('fin\n');
      // Typed after « fin », then the keyboard closes: nothing more is sent, the program still leaves cleanly.
      await expectLeavesWithFin(chat, () => {
        chat.student.writeStdin(`${t.data.sentence(2)}\n`);
        chat.student.endStdin();
      });
    }),
  ...bothSides('ctrl-d', (role) => `la fin de l'entrée standard (Ctrl-D) sur ${side(role)} agit comme «\u00a0fin\u00a0»`,
    'La fin de l\'entrée standard fait de même, fin\\n puis end()', async (chat) => {
      chat.student.endStdin();
      await expectLeavesWithFin(chat);
    }),
  ...bothSides('fin-recue', (role) => `quand ${OTHER[role]} envoie «\u00a0fin\u00a0», ${side(role)} le dit sur stderr, n'affiche ni «\u00a0fin\u00a0» ni ce qui suit, ferme proprement (FIN) et se termine avec le code 0`,
    'Le côté qui reçoit la ligne exacte fin (fin\\r\\n compte aussi) ne l\'affiche pas comme un message : il écrit sur stderr L\'autre côté a quitté la discussion. et ferme sa moitié à son tour avec end() (FIN). Ce qui suit la ligne fin est ignoré.', async ({ student, conn }, t) => {
      const [message, after] = [t.data.sentence(2), t.data.sentence(2)];
      await conn.send(message + '\n');
      await conn.waitUntilPeerHasRead();
      await conn.send(`fin\n${after}\n`);
      const inode = programSocketInode(conn);
      conn.end();
      await expectClose(conn, 'FIN', `la connexion par ${student.name}`);
      await expectDone(student, conn, inode);
      // Showing the messages is p4-*-affiche's concern; not showing « fin » and what follows is this test's.
      const shown = messagesOf(student).filter((m) => m === 'fin' || m === after);
      if (shown.length > 0) fail(`Attendu\u00a0: ni «\u00a0fin\u00a0» ni ce qui le suit affichés comme messages\u00a0; reçu sur la sortie standard ${student.ofName}\u00a0: ${shown.map((m) => show(m)).join(', ')}.`);
      expectStderrMentions(student, [/quitté/i], 'un message qui dit que l\'autre côté a quitté la discussion');
      if (/sans\s*«?\s*fin/i.test(student.proc.stderr.text())) {
        fail(`Attendu sur la sortie d'erreur ${student.ofName}\u00a0: que l'autre côté a quitté la discussion (il a envoyé «\u00a0fin\u00a0»)\u00a0; reçu aussi\u00a0: qu'il serait parti sans «\u00a0fin\u00a0» (${student.describeStderr()}).`);
      }
    }),
  ...bothSides('pair-parti', (role) => `${OTHER[role]} part sans «\u00a0fin\u00a0» (FIN)\u00a0: ${side(role)} le signale et se termine avec le code 0`,
    'Si l\'autre côté part sans fin mais proprement (FIN, par exemple parce que son programme a été tué)', async ({ student, conn }, t) => {
      await conn.send(t.data.sentence(2) + '\n');
      const inode = programSocketInode(conn);
      conn.end();
      await expectClose(conn, 'FIN', `la connexion par ${student.name}`);
      await expectDone(student, conn, inode);
      expectStderrMentions(student, [/ferm/i], `un message qui dit que ${OTHER[student.role]} a fermé la connexion`);
      expectNoStackTrace(student);
    }),
  ...bothSides('pair-rst', (role) => `${OTHER[role]} disparaît brutalement (RST)\u00a0: ${side(role)} le signale (ECONNRESET) et se termine avec le code 1`,
    'Si la connexion est interrompue brutalement (RST : événement \'error\' avec ECONNRESET), une seule ligne sur stderr', async ({ student, conn }, t) => {
      const message = t.data.sentence(2);
      await conn.send(message + '\n');
      // Reset once the program has read the message and shown it (anywhere: where is
      // p4-*-affiche's concern), as a peer would: an RST after unread data reads as a FIN.
      await conn.waitUntilPeerHasRead();
      const out = () => student.proc.stdout.text() + student.proc.stderr.text();
      await waitFor(() => (out().includes(message) || student.proc.exit ? true : undefined), DEADLINES.line);
      const inode = programSocketInode(conn);
      conn.reset();
      await expectDone(student, conn, inode, 1);
      expectStderrMentions(student, ['ECONNRESET'], 'un message qui dit que la connexion a été interrompue brutalement (ECONNRESET)');
      expectNoStackTrace(student);
      const said = student.proc.stderr.lines().filter((l) => l.includes('ECONNRESET'));
      if (said.length > 1) fail(`Attendu sur la sortie d'erreur ${student.ofName}\u00a0: une seule ligne pour la fermeture brutale (ECONNRESET)\u00a0; reçu\u00a0: ${said.length} lignes, ${show(said.join('\n'))}.`);
    }),
  ...bothSides('sortie', (role) => `la discussion finie, ${side(role)} se termine avec le code 0 (clavier lâché${role === 'serveur' ? ', plus en écoute' : ''})`,
    'Les deux programmes se terminent alors avec le code 0, une fois la connexion fermée dans les deux sens.', async ({ student, conn }, t) => {
      await conn.send(`${t.data.sentence(2)}\nfin\n`);
      conn.end();
      await conn.waitClosed(); // how it closes is p4-*-fin-recue's concern
      await expectExit(student, 0);
    }),
  {
    id: 'p4-fin-dans-phrase',
    part: 4,
    title: 'une ligne qui contient «\u00a0fin\u00a0» sans être «\u00a0fin\u00a0» (FIN, " fin ", enfin…) ne termine pas la discussion',
    contract: 'FIN, fin, enfin, la fin du film sont des messages ordinaires.',
    async run(t) {
      const { student, conn } = await openChat(t, 'serveur');
      const last = t.data.sentence(2);
      for (const m of [...NOT_FIN.map((kind) => kind[t.data.int(0, kind.length - 1)]), last]) {
        await conn.send(m + '\n');
        await conn.waitUntilPeerHasRead(); // one line per read: taking several at once is p4-serveur-mille's concern
      }
      // The program has taken in the last line (shown it, anywhere) and is still there, connected:
      // how it shows messages is p4-serveur-affiche's concern, not ending is this test's.
      const out = () => student.proc.stdout.text() + student.proc.stderr.text();
      await waitFor(() => (out().includes(last) || student.proc.exit || conn.closedBy ? true : undefined), DEADLINES.line);
      if (!conn.closedBy && !student.proc.exit && out().includes(last)) return;
      const got = conn.closedBy ? `connexion fermée (${conn.closedBy})` : student.goneReason() ?? `rien d'affiché en ${formatMs(deadline(DEADLINES.line))}`;
      fail(`Après des lignes qui contiennent «\u00a0fin\u00a0» sans être «\u00a0fin\u00a0», attendu\u00a0: la discussion continue (le message suivant, ${show(last)}, est reçu)\u00a0; reçu\u00a0: ${got}.`);
    },
  },
  {
    id: 'p4-serveur-clavier-avant',
    part: 4,
    title: 'les lignes tapées sur le serveur avant l\'arrivée du client partent, dans l\'ordre, dès qu\'il se connecte',
    contract: 'Les lignes tapées avant l\'arrivée du client ne sont pas perdues',
    async run(t) {
      const { server, port } = await t.startServer();
      const early = t.data.lines(1); // several lines one after the other is p4-serveur-cinq-messages' concern
      const readBefore = server.proc.pid === undefined ? null : treeReadBytes(server.proc.pid);
      server.writeStdin(early.map((m) => m + '\n').join(''));
      // The client arrives once the server had the time to read its keyboard: as soon as it has
      // read something (it reads its keyboard before any client: the lines may be lost), or after
      // a bound when it has not (as it should). Without /proc, the bound alone.
      await waitFor(() => {
        const now = server.proc.pid === undefined ? null : treeReadBytes(server.proc.pid);
        return readBefore !== null && now !== null && now > readBefore ? true : undefined;
      }, DEADLINES.line / 2);
      const conn = await t.connect(port, 'client du test');
      await expectReceived(conn, early);
    },
  },
];
