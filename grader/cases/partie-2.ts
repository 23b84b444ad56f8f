// Partie II — serveur d'écho : chaque ligne revient, quoi que TCP fasse des octets, jusqu'à la
// ligne `fin`. Le découpage en lignes n'est noté qu'ici : les parties III et IV envoient des
// lignes entières.
import type { TcpPeer } from '../harness/connection';
import type { TestContext } from '../harness/context';
import {
  expectClientLeavesCleanly, expectClose, expectExit, expectLine, expectLines, expectNoStackTrace, expectStderrMentions, expectStdoutLines,
} from '../harness/expect';
import type { StudentRun } from '../harness/student';
import { DEADLINES } from '../harness/timing';
import type { TestCase } from './types';

async function connectToServer(t: TestContext): Promise<{ server: StudentRun; conn: TcpPeer }> {
  const { server, port } = await t.startServer();
  return { server, conn: await t.connect(port) };
}

/** One test per behaviour of the echo server: connect, run `scene` against it. */
function serverCase(id: string, title: string, scene: (conn: TcpPeer, t: TestContext, server: StudentRun) => Promise<void>): TestCase {
  return {
    id,
    part: 2,
    title,
    async run(t) {
      const { server, conn } = await connectToServer(t);
      await scene(conn, t, server);
    },
  };
}

/** Starts the student's client against a harness server; returns both ends. */
async function clientAgainstHarness(t: TestContext) {
  const server = await t.listen();
  const client = t.start('client', [String(server.port)]);
  const conn = await t.acceptFrom(server, client);
  return { client, conn };
}

/** Plays the echo server for `lines` typed on the client's keyboard. */
async function echoTypedLines(client: StudentRun, conn: TcpPeer, lines: string[]): Promise<void> {
  for (const line of lines) {
    client.writeStdin(line + '\n');
    await expectLine(conn, line, `Ligne tapée au clavier, envoyée par le client\u00a0: `);
    await conn.send(line + '\n');
  }
}

const ENDLESS_FIN = ['enfin', 'la fin du film', 'fin de ligne', 'afin que', 'finale', 'fin.'];

export const partie2: TestCase[] = [
  serverCase('p2-echo-ordre', 'le serveur renvoie chaque ligne, dans l\'ordre', async (conn, t) => {
    for (const line of t.data.lines(t.data.int(4, 7))) {
      await conn.send(line + '\n');
      await expectLine(conn, line);
    }
  }),
  serverCase('p2-deux-lignes-un-segment', 'deux lignes arrivées dans une seule lecture reviennent toutes les deux', async (conn, t) => {
    const [a, b] = t.data.lines(2);
    await conn.send(`${a}\n${b}\n`);
    await expectLines(conn, [a, b]);
  }),
  serverCase('p2-ligne-trois-segments', 'une ligne arrivée en trois lectures revient en une seule ligne', async (conn, t) => {
    const line = t.data.sentence(4);
    const cut1 = t.data.int(1, 4);
    const cut2 = t.data.int(cut1 + 1, cut1 + 5);
    const bytes = Buffer.from(line + '\n');
    await conn.sendSegments([bytes.subarray(0, cut1), bytes.subarray(cut1, cut2), bytes.subarray(cut2)]);
    await expectLine(conn, line);
  }),
  serverCase('p2-utf8-coupe', 'un caractère accentué coupé entre deux lectures revient intact', async (conn, t) => {
    const line = `${t.data.word()} répété ${t.data.word()}`;
    const bytes = Buffer.from(line + '\n');
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // between the two bytes of "é"
    await conn.sendSegments([bytes.subarray(0, cut), bytes.subarray(cut)]);
    await expectLine(conn, line);
  }),
  serverCase('p2-crlf', 'les fins de ligne «\u00a0\\r\\n\u00a0» (telnet, nc -C) sont comprises, y compris pour «\u00a0fin\u00a0»', async (conn, t) => {
    for (const line of t.data.lines(2)) {
      await conn.send(line + '\r\n');
      await expectLine(conn, line);
    }
    await conn.send('fin\r\n');
    await expectClose(conn, 'FIN');
  }),
  serverCase('p2-ligne-vide', 'une ligne vide revient comme une ligne vide', async (conn, t) => {
    const [a, b] = t.data.lines(2);
    await conn.send(a + '\n');
    await expectLine(conn, a);
    await conn.send('\n');
    await expectLine(conn, '');
    await conn.send(b + '\n');
    await expectLine(conn, b);
  }),
  serverCase('p2-ligne-100k', 'une ligne de plus de 100 Kio revient entière', async (conn, t) => {
    const line = t.data.longText(100 * 1024);
    await conn.send(line + '\n');
    await expectLine(conn, line);
  }),
  serverCase('p2-fin-termine', 'la ligne «\u00a0fin\u00a0» termine la conversation\u00a0: pas d\'écho, fermeture propre (FIN)', async (conn, t) => {
    const line = t.data.sentence(2);
    await conn.send(line + '\n');
    await expectLine(conn, line);
    await conn.send('fin\n');
    await expectClose(conn, 'FIN');
  }),
  serverCase('p2-fin-dans-ligne', 'une ligne qui contient «\u00a0fin\u00a0» sans être «\u00a0fin\u00a0» est renvoyée comme les autres', async (conn, t) => {
    const lines = [ENDLESS_FIN[t.data.int(0, 2)], ENDLESS_FIN[t.data.int(3, 5)]];
    for (const line of lines) {
      await conn.send(line + '\n');
      await expectLine(conn, line);
    }
  }),
  serverCase('p2-serveur-sortie', 'après son client, le serveur se termine avec le code 0', async (conn, t, server) => {
    await conn.send(t.data.word() + '\n');
    await conn.readLine();
    await conn.send('fin\n');
    await conn.waitClosed();
    conn.end();
    await expectExit(server, 0);
  }),
  serverCase('p2-client-brutal', 'un client qui part brutalement (RST) ne fait pas planter le serveur', async (conn, t, server) => {
    const line = t.data.sentence(2);
    await conn.send(line + '\n');
    await expectLine(conn, line);
    conn.reset();
    await expectExit(server, 0);
    expectNoStackTrace(server);
  }),
  {
    id: 'p2-port-occupe',
    part: 2,
    title: 'sur un port déjà utilisé, le serveur le dit en une ligne (EADDRINUSE) et se termine avec un code non nul',
    async run(t) {
      const taken = await t.listen();
      const server = t.start('serveur', [String(taken.port)]);
      await expectExit(server, 'non-zero', DEADLINES.ready); // from spawn: a cold start counts
      expectStderrMentions(server, ['EADDRINUSE', String(taken.port)], `un message qui dit que le port ${taken.port} est déjà utilisé (EADDRINUSE)`);
      expectNoStackTrace(server);
    },
  },
  {
    id: 'p2-client-echo',
    part: 2,
    title: 'le client envoie chaque ligne tapée et affiche chaque écho',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      const lines = t.data.lines(t.data.int(3, 5));
      await echoTypedLines(client, conn, lines);
      await expectStdoutLines(client, lines);
    },
  },
  {
    id: 'p2-client-fin',
    part: 2,
    title: 'après la ligne «\u00a0fin\u00a0», le client ferme proprement (FIN) et se termine avec le code 0',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(2));
      client.writeStdin('fin\n');
      await expectLine(conn, 'fin', 'Ligne tapée au clavier, envoyée par le client\u00a0: ');
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p2-client-fin-clavier',
    part: 2,
    title: "à la fin de l'entrée standard (Ctrl-D), le client ferme proprement (FIN) et se termine avec le code 0",
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(2));
      client.endStdin();
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p2-client-serveur-ferme',
    part: 2,
    title: 'si le serveur ferme le premier, le client le signale sur sa sortie d\'erreur et se termine avec le code 0',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      const lines = t.data.lines(1);
      await echoTypedLines(client, conn, lines);
      conn.end();
      await expectExit(client, 0);
      expectStderrMentions(client, [/serveur/i, /ferm/i], 'un message qui dit que le serveur a fermé la connexion');
      await expectStdoutLines(client, lines);
    },
  },
];
