// Partie III — plusieurs clients : le serveur reste en écoute, sert les clients les uns après
// les autres puis en même temps, et s'arrête proprement sur un signal. Les tests n'envoient que
// des lignes entières : le découpage est noté en partie II.
import type { TcpPeer } from '../harness/connection';
import type { TestContext } from '../harness/context';
import { expectClose, expectExit, expectLine } from '../harness/expect';
import { fail } from '../harness/journal';
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
  await expectClose(conn, 'FIN');
  conn.end();
}

/** The signal stops the server: FIN to each client, no new connection, exit 0. */
function stopCase(id: string, sig: NodeJS.Signals): TestCase {
  return {
    id,
    part: 3,
    title: `sur ${sig}, le serveur ferme chaque client proprement (FIN) et se termine avec le code 0`,
    async run(t) {
      const { server, port } = await t.startServer();
      // Client 1 is being served; client 2 is only connected (no echo asked of it: serving
      // several clients at once is p3-sans-attente's concern, not this test's).
      const clients = [await t.connect(port, 'client 1'), await t.connect(port, 'client 2')];
      await echo(clients[0], t.data.sentence(2));
      server.sendSignal(sig);
      for (const c of clients) await expectClose(c, 'FIN', `la connexion d'un client après ${sig}`);
      for (const c of clients) c.end();
      await expectExit(server, 0);
    },
  };
}

export const partie3: TestCase[] = [
  {
    id: 'p3-reste-apres-fin',
    part: 3,
    title: 'après un client parti avec «\u00a0fin\u00a0», le serveur écoute toujours et sert le suivant',
    async run(t) {
      const { port } = await t.startServer();
      const first = await t.connect(port, 'client 1');
      await echo(first, t.data.sentence(2));
      await leaveWithFin(first);
      await nextClientServed(t, port, 'un client parti avec «\u00a0fin\u00a0»');
    },
  },
  {
    id: 'p3-client-brutal',
    part: 3,
    title: 'un client qui disparaît (RST, ou au milieu d\'une ligne) n\'arrête pas le serveur',
    async run(t) {
      const { server, port } = await t.startServer();
      const reset = await t.connect(port, 'client 1');
      await echo(reset, t.data.sentence(2));
      await reset.send(t.data.word()); // half a line, then gone
      await reset.waitUntilPeerHasRead();
      reset.reset();
      const cut = await connectAfter(t, port, 'un client parti brutalement (RST)', 'client 2');
      await cut.send(t.data.word());
      cut.destroy(); // like a killed process: FIN in the middle of a line
      await nextClientServed(t, port, 'deux clients partis brutalement');
      if (server.proc.exit) fail(`Attendu\u00a0: le serveur tourne toujours\u00a0; reçu\u00a0: ${server.goneReason()}.`);
    },
  },
  {
    id: 'p3-trois-a-la-suite',
    part: 3,
    title: 'trois clients l\'un après l\'autre sont servis par le même serveur',
    async run(t) {
      const { port } = await t.startServer();
      for (let k = 1; k <= 3; k++) {
        const c = k === 1 ? await t.connect(port, 'client 1') : await connectAfter(t, port, `le départ du client ${k - 1}`, `client ${k}`);
        for (const line of t.data.lines(2)) await echo(c, line, `Client ${k}\u00a0: `);
        await leaveWithFin(c);
      }
    },
  },
  {
    id: 'p3-sans-attente',
    part: 3,
    title: 'un client silencieux au milieu d\'une ligne ne retarde pas les autres',
    async run(t) {
      const { port } = await t.startServer();
      const silent = await t.connect(port, 'client A');
      await silent.send(t.data.word()); // half a line, then nothing
      const other = await t.connect(port, 'client B');
      const line = t.data.sentence(2);
      await other.send(line + '\n');
      const read = await other.readLine();
      if (read.kind === 'line' && read.line === line) return;
      const got = read.kind === 'line' ? `"${read.line}"` : read.kind === 'timeout' ? `rien en ${formatMs(read.waitedMs)}` : `connexion fermée (${read.how})`;
      fail(
        `Le client B n'est pas servi tant que le client A (connecté avant lui, silencieux au milieu d'une ligne) est là\u00a0: ` +
          `le serveur ne sert qu'un client à la fois. Attendu pour B\u00a0: "${line}\\n"\u00a0; reçu\u00a0: ${got}.`,
      );
    },
  },
  {
    id: 'p3-cinquante-clients',
    part: 3,
    title: '50 clients à la fois, lignes mêlées\u00a0: chacun reçoit ses 20 lignes, dans l\'ordre, et rien d\'autre',
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
      for (const [k, c] of clients.entries()) {
        for (const [i, line] of lines[k].entries()) {
          await expectLine(c, line, `Client ${k + 1}, ligne ${i + 1} sur ${perClient} ${seed}\u00a0: `);
        }
      }
      for (const c of clients) await leaveWithFin(c);
    },
  },
  stopCase('p3-arret-sigint', 'SIGINT'),
  stopCase('p3-arret-sigterm', 'SIGTERM'),
  {
    id: 'p3-un-mio',
    part: 3,
    title: 'un client qui envoie 1 Mio d\'un coup en lisant ses échos reçoit tout, octet pour octet',
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

