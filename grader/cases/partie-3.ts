// Partie III — plusieurs clients : le serveur reste en écoute, sert les clients les uns après
// les autres puis en même temps, et s'arrête proprement sur un signal. Les tests n'envoient que
// des lignes entières : le découpage est noté en partie II. Each way of leaving (fin, closing,
// reset) has its own case; a next client is opened once the server has seen the previous one
// leave (release.ts), so that a server that serves one client at a time passes the cases of
// clients one after the other and fails, every time, the cases of clients at once.
import type { TcpPeer } from '../harness/connection';
import type { TestContext } from '../harness/context';
import { expectClose, expectExit, expectLine } from '../harness/expect';
import { fail } from '../harness/journal';
import { acceptedWithin, letGoWithin, programSocketInode, watchDeparture } from '../harness/release';
import type { StudentRun } from '../harness/student';
import { DEADLINES, formatMs, deadline } from '../harness/timing';
import type { TestCase } from './types';

const ASCII = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Sends `line` and expects it back: the client is being served. */
async function echo(conn: TcpPeer, line: string, who = ''): Promise<void> {
  await conn.send(line + '\n');
  await expectLine(conn, line, who);
}

/** Connects a client after `after` happened: the server must still be listening. */
async function connectAfter(t: TestContext, port: number, after: string, name: string): Promise<TcpPeer> {
  const r = await t.tryConnect(port, name);
  if (!r.ok) fail(`Attendu\u00a0: le serveur écoute toujours après ${after}\u00a0; reçu\u00a0: connexion refusée (${r.code}).`);
  return r.peer;
}

/** A new client connects and is served: the server is still up after whoever left before. */
async function nextClientServed(t: TestContext, port: number, after: string): Promise<TcpPeer> {
  const conn = await connectAfter(t, port, after, 'client suivant');
  await echo(conn, t.data.sentence(2), `Client suivant, après ${after}\u00a0: `);
  return conn;
}

/** Closes a client with `fin`, as the contract says, and checks the server closes with FIN. */
async function leaveWithFin(conn: TcpPeer): Promise<void> {
  await conn.send('fin\n');
  await expectClose(conn, 'FIN', 'la connexion après «\u00a0fin\u00a0»');
  conn.end();
}

/** The client closes its side (FIN) and the server has handled it before the test goes on. */
async function leaveByClosing(server: StudentRun, conn: TcpPeer): Promise<void> {
  const departure = watchDeparture(server, conn);
  conn.end();
  await departure.handled();
}

/** Client 1 is served and client 2 only connected; the harness closes each once it got its FIN. */
async function twoClientsThenSignal(t: TestContext, sig: NodeJS.Signals) {
  const { server, port } = await t.startServer();
  // No echo asked of client 2: serving several clients at once is p3-sans-attente's concern.
  const clients = [await t.connect(port, 'client 1'), await t.connect(port, 'client 2')];
  await echo(clients[0], t.data.sentence(2));
  // Client 2 counts as connected once the server has accepted it, whenever its accept() runs.
  if ((await acceptedWithin(server, clients[1], DEADLINES.connect)) === false && !server.proc.exit) {
    t.journal.add(`${server.name} : le client 2 n'est toujours pas accepté après ${formatMs(deadline(DEADLINES.connect))}`);
  }
  server.sendSignal(sig);
  return { server, clients };
}

/** A program killed by the signal it should have handled; undefined when it was not (yet) killed. */
async function killedBy(server: StudentRun, sig: NodeJS.Signals): Promise<string | undefined> {
  const exit = await server.waitExit(DEADLINES.exit);
  if (!exit) return undefined;
  if (exit.signal === sig) return `${server.name} a été tué par ${sig}\u00a0: aucun gestionnaire (process.on('${sig}', …))`;
  if (exit.code !== 0) return `${server.name} s'est terminé avec le code ${exit.code}${server.crashSummary()}`;
  return undefined;
}

export const partie3: TestCase[] = [
  {
    id: 'p3-reste-apres-fin',
    part: 3,
    title: 'un client qui envoie «\u00a0fin\u00a0» est fermé proprement (FIN), sans écho, et le serveur sert le suivant',
    contract: 'La ligne exacte fin n\'est pas renvoyée : elle ferme proprement (FIN) la connexion de ce client, et d\'aucun autre.',
    async run(t) {
      const { server, port } = await t.startServer();
      const first = await t.connect(port, 'client 1');
      await echo(first, t.data.sentence(2));
      const departure = watchDeparture(server, first);
      await leaveWithFin(first);
      await departure.handled();
      await nextClientServed(t, port, 'un client parti avec «\u00a0fin\u00a0»');
    },
  },
  {
    id: 'p3-trois-a-la-suite',
    part: 3,
    title: 'trois clients l\'un après l\'autre, chacun parti en fermant sa connexion, sont servis par le même serveur',
    contract: 'après le départ d\'un client (par la ligne fin, parce qu\'il ferme sa connexion, ou brutalement par un RST, même au milieu d\'une ligne), il continue d\'écouter et sert le client suivant.',
    async run(t) {
      const { server, port } = await t.startServer();
      for (let k = 1; k <= 3; k++) {
        const c = k === 1 ? await t.connect(port, 'client 1') : await connectAfter(t, port, `le départ du client ${k - 1} (il a fermé sa connexion)`, `client ${k}`);
        for (const line of t.data.lines(2)) await echo(c, line, `Client ${k}\u00a0: `);
        await leaveByClosing(server, c);
      }
    },
  },
  {
    id: 'p3-client-brutal',
    part: 3,
    title: 'un client qui disparaît (RST, ou au milieu d\'une ligne) n\'arrête pas le serveur',
    contract: 'Un client ne doit jamais le faire planter : gérez l\'événement \'error\' de chaque socket.',
    async run(t) {
      const { server, port } = await t.startServer();
      const reset = await t.connect(port, 'client 1');
      await echo(reset, t.data.sentence(2));
      await reset.send(t.data.word()); // half a line, then gone
      await reset.waitUntilPeerHasRead();
      const resetGone = watchDeparture(server, reset);
      reset.reset();
      await resetGone.handled();
      const cut = await connectAfter(t, port, 'un client parti brutalement (RST)', 'client 2');
      await cut.send(t.data.word());
      await cut.waitUntilPeerHasRead();
      const cutGone = watchDeparture(server, cut);
      cut.destroy(); // like a killed process: FIN in the middle of a line
      await cutGone.handled();
      await nextClientServed(t, port, 'deux clients partis brutalement');
      if (server.proc.exit) fail(`Attendu\u00a0: le serveur tourne toujours\u00a0; reçu\u00a0: ${server.goneReason()}.`);
    },
  },
  {
    id: 'p3-sans-attente',
    part: 3,
    title: 'un client silencieux au milieu d\'une ligne ne retarde pas les autres',
    contract: 'Un client qui a envoyé la moitié d\'une ligne, puis se tait, ne doit pas retarder les autres',
    async run(t) {
      const { port } = await t.startServer();
      const silent = await t.connect(port, 'client A');
      await silent.send(t.data.word()); // half a line, then nothing
      const other = await t.connect(port, 'client B');
      const line = t.data.sentence(2);
      await other.send(line + '\n');
      // Any echo will do: what B gets back is p3-cinquante-clients' concern; that B is served is this test's.
      const read = await other.readLine();
      if (read.kind === 'line') return;
      const got = read.kind === 'timeout' ? `rien en ${formatMs(read.waitedMs)}` : `connexion fermée (${read.how})`;
      fail(
        `Le client B n'est pas servi tant que le client A (connecté avant lui, silencieux au milieu d'une ligne) est là\u00a0: ` +
          `le serveur ne sert qu'un client à la fois. Attendu pour B\u00a0: l'écho de "${line}\\n"\u00a0; reçu\u00a0: ${got}.`,
      );
    },
  },
  {
    id: 'p3-cinquante-clients',
    part: 3,
    title: '50 clients à la fois, lignes mêlées\u00a0: chacun reçoit ses 20 lignes, dans l\'ordre, et rien d\'autre',
    contract: 'Chaque client reçoit ses propres échos, et seulement les siens, dans l\'ordre, même quand 50 clients envoient en même temps.',
    timeoutMs: 30000,
    async run(t) {
      const { port } = await t.startServer();
      const count = 50;
      const perClient = 20;
      const clients: TcpPeer[] = [];
      for (let k = 0; k < count; k++) clients.push(await t.connect(port, `client ${k + 1}`));
      const lines = clients.map((_, k) => Array.from({ length: perClient }, (_, i) => `client ${k + 1} ligne ${i + 1} ${t.data.word()}`));
      // A seeded interleaving: every client's lines stay in order, the clients are mixed.
      const next = new Array(count).fill(0);
      const pending = clients.map((_, k) => k);
      const sends: Promise<void>[] = [];
      while (pending.length > 0) {
        const slot = t.data.int(0, pending.length - 1);
        const k = pending[slot];
        sends.push(clients[k].send(lines[k][next[k]++] + '\n'));
        if (next[k] === perClient) pending.splice(slot, 1);
      }
      await Promise.all(sends);
      // The seed is the teacher's secret: the feedback says the order is fixed, not which seed fixed it.
      const seed = "(lignes des clients mêlées, dans le même ordre à chaque correction)";
      // Each client leaves once it has its lines: a server that serves clients one at a time
      // gets here too (that is p3-sans-attente's concern); one that mixes clients does not.
      for (const [k, c] of clients.entries()) {
        for (const [i, line] of lines[k].entries()) {
          await expectLine(c, line, `Client ${k + 1}, ligne ${i + 1} sur ${perClient} ${seed}\u00a0: `);
        }
        c.end();
      }
    },
  },
  {
    id: 'p3-arret-sigint',
    part: 3,
    title: 'sur SIGINT (Ctrl-C), le serveur ferme chaque client proprement (FIN)',
    contract: 'Arrêt : sur SIGINT ou SIGTERM, le serveur n\'accepte plus de connexion, ferme proprement chaque client encore connecté avec end() (FIN)',
    async run(t) {
      const { server, clients } = await twoClientsThenSignal(t, 'SIGINT');
      // A FIN for each: what came before it (an echo meant for another client, say) is not this test's concern.
      for (const [k, c] of clients.entries()) {
        const how = await c.waitClosed();
        if (how !== 'FIN') fail(`Attendu\u00a0: après SIGINT, fermeture propre (FIN) de la connexion du client ${k + 1}\u00a0; reçu\u00a0: ${how === 'timeout' ? `connexion toujours ouverte après ${formatMs(deadline(DEADLINES.close))}` : 'fermeture brutale (RST)'}.`);
      }
      for (const c of clients) c.end();
      const killed = await killedBy(server, 'SIGINT');
      if (killed) fail(`Attendu\u00a0: ${server.name} s'arrête de lui-même sur SIGINT\u00a0; reçu\u00a0: ${killed}.`);
    },
  },
  {
    id: 'p3-arret-sigterm',
    part: 3,
    title: 'sur SIGTERM, le serveur s\'arrête et se termine avec le code 0',
    contract: 'et se termine avec le code 0, en moins de 2 secondes.',
    async run(t) {
      const { server } = await t.startServer();
      server.sendSignal('SIGTERM');
      await expectExit(server, 0);
    },
  },
  {
    id: 'p3-arret-client-muet',
    part: 3,
    title: 'à l\'arrêt, un client qui ne ferme pas son côté ne retient pas le serveur plus de 2 s',
    contract: 'Un client qui ne ferme pas son côté ne doit pas bloquer l\'arrêt : détruisez sa socket après un court délai.',
    async run(t) {
      const { server, port } = await t.startServer();
      const mute = await t.connect(port, 'client muet');
      await echo(mute, t.data.sentence(2));
      const inode = programSocketInode(mute);
      server.sendSignal('SIGINT');
      // The harness never closes its side. Whether the server ended its side first is
      // p3-arret-sigint's concern; here, only that the connection does not hold the server.
      const bound = DEADLINES.exit;
      const letGo = await letGoWithin(server, inode, bound);
      if (letGo === true) return;
      if (letGo === null && (await server.waitExit(bound))) return;
      fail(
        `Après SIGINT, le client ne ferme pas son côté. Attendu\u00a0: le serveur lâche sa connexion (destroy() après un court délai) ou se termine, en moins de 2\u00a0s\u00a0; ` +
          `reçu\u00a0: connexion toujours tenue par le serveur après ${formatMs(deadline(bound))}.`,
      );
    },
  },
  {
    id: 'p3-un-mio',
    part: 3,
    title: 'un client qui envoie 1 Mio d\'un coup en lisant ses échos reçoit tout, octet pour octet',
    contract: 'Un client qui envoie beaucoup (1 Mio) tout en lisant ses échos les reçoit tous, octet pour octet.',
    async run(t) {
      const { port } = await t.startServer();
      const conn = await t.connect(port);
      // 1024 lines of 1024 ASCII bytes: exactly 1 MiB.
      const lines = Array.from({ length: 1024 }, (_, i) => `${String(i + 1).padStart(4, '0')} ${t.data.longText(1018, ASCII)}`);
      const sent = Buffer.from(lines.map((l) => l + '\n').join(''));
      await conn.send(sent);
      const back = await conn.readBytes(sent.length, DEADLINES.line * 2);
      if (back.equals(sent)) return;
      const firstDiff = [...back].findIndex((b, i) => b !== sent[i]);
      const where = firstDiff === -1 ? back.length : firstDiff;
      const then = conn.closedBy ? `puis connexion fermée (${conn.closedBy})` : `puis plus rien en ${formatMs(deadline(DEADLINES.line * 2))}`;
      fail(
        `Attendu\u00a0: les ${sent.length} octets envoyés, à l'identique\u00a0; reçu\u00a0: ${back.length} octets, ` +
          `identiques jusqu'à l'octet ${where} (ligne ${sent.subarray(0, where).toString('latin1').split('\n').length}), ${then}.`,
      );
    },
  },
];

