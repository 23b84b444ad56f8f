// Partie II — serveur d'écho : chaque ligne revient, quoi que TCP fasse des octets, jusqu'à la
// ligne `fin`. Le découpage en lignes n'est noté qu'ici : les parties III et IV envoient des
// lignes entières. A framing case compares the echo of a line cut by TCP with the echo the same
// server gave for that line sent whole: it grades the framing only, so that a server that
// changes its echoes (upper case, trimmed spaces) loses p2-echo-ordre and nothing more.
import type { TcpPeer } from '../harness/connection';
import { describeRead } from '../harness/connection';
import type { TestContext } from '../harness/context';
import {
  expectClientLeavesCleanly, expectClose, expectExit, expectLine, expectNoStackTrace, expectStderrMentions, expectStdoutLines,
} from '../harness/expect';
import { fail } from '../harness/journal';
import { findIn, hasTcpTable, readTcpTable } from '../harness/proc-net';
import { show } from '../harness/show';
import type { StudentRun } from '../harness/student';
import { DEADLINES, waitFor } from '../harness/timing';
import type { TestCase } from './types';

async function connectToServer(t: TestContext): Promise<{ server: StudentRun; conn: TcpPeer }> {
  const { server, port } = await t.startServer();
  return { server, conn: await t.connect(port) };
}

/** One test per behaviour of the echo server: connect, run `scene` against it. */
function serverCase(id: string, title: string, contract: string, scene: (conn: TcpPeer, t: TestContext, server: StudentRun) => Promise<void>): TestCase {
  return {
    id,
    part: 2,
    title,
    contract,
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

const TYPED = `Ligne tapée au clavier, envoyée par le client\u00a0: `;

/** Plays the echo server for `lines` typed on the client's keyboard. */
async function echoTypedLines(client: StudentRun, conn: TcpPeer, lines: string[]): Promise<void> {
  for (const line of lines) {
    client.writeStdin(line + '\n');
    await expectLine(conn, line, TYPED);
    await conn.send(line + '\n');
  }
}

/**
 * The server's echo of `line` sent whole, in one write: the reference a framing case compares
 * with. A server that echoes no whole line cannot be checked for framing (p2-echo-ordre).
 */
async function echoOfWholeLine(conn: TcpPeer, line: string): Promise<string> {
  await conn.send(line + '\n');
  const read = await conn.readLine();
  if (read.kind === 'line') return read.line;
  return fail(`Attendu\u00a0: l'écho de la ligne ${show(line + '\n')}, envoyée d'un seul coup (avant de la découper)\u00a0; reçu\u00a0: ${describeRead(read)}.`);
}

/** Sends `line` and waits for its echo, whatever it says (p2-echo-ordre grades what it says). */
async function anyEcho(conn: TcpPeer, line: string): Promise<void> {
  await echoOfWholeLine(conn, line);
}

/**
 * Waits for the server's close after « fin »: it must be a FIN with nothing after the last
 * echo — but an echo of « fin » itself is tolerated, being p2-fin-termine's concern alone.
 */
async function expectCloseAfterFin(conn: TcpPeer, what: string): Promise<void> {
  await conn.waitClosed();
  const extra = conn.unreadBytes().toString('utf8').replace(/^fin\r?\n/, '');
  if (extra === '' && conn.closedBy === 'FIN') return;
  const got = `${extra ? `${show(extra)} en plus, ` : ''}${conn.closedBy ? `connexion fermée ${conn.closedBy === 'FIN' ? '(FIN)' : 'brutalement (RST)'}` : 'connexion toujours ouverte'}`;
  fail(`Attendu\u00a0: fermeture propre de la connexion après ${what} (FIN)\u00a0; reçu\u00a0: ${got}.`);
}

/** The next line must be `echo`, the server's echo of the same line sent whole. */
async function expectSameEcho(conn: TcpPeer, echo: string, how: string): Promise<void> {
  const read = await conn.readLine();
  if (read.kind === 'line' && read.line === echo) return;
  fail(`${how}\u00a0: attendu le même écho que pour la ligne envoyée d'un seul coup, ${show(echo + '\n')}\u00a0; reçu\u00a0: ${describeRead(read)}.`);
}

/** Lines that hold « fin » without being the line `fin`, one of each kind in every seed. */
const NOT_FIN = [
  ['FIN', 'Fin', 'fIN'], // case
  [' fin', 'fin ', ' fin '], // spaces
  ['enfin', 'afin que', 'finale'], // inside a word
  ['la fin du film', 'fin de ligne', 'fin.'], // inside a sentence
];

export const partie2: TestCase[] = [
  serverCase('p2-echo-ordre', 'le serveur renvoie chaque ligne telle quelle, espaces compris, dans l\'ordre',
    'Chaque ligne est renvoyée telle quelle (espaces compris), suivie de \\n, dans l\'ordre', async (conn, t) => {
      const lines = t.data.lines(t.data.int(4, 7));
      lines.splice(t.data.int(1, lines.length - 1), 0, `  ${t.data.sentence(2)} `); // spaces at both ends
      for (const line of lines) {
        await conn.send(line + '\n');
        await expectLine(conn, line);
      }
    }),
  serverCase('p2-deux-lignes-un-segment', 'deux lignes arrivées dans une seule lecture reviennent toutes les deux',
    'plusieurs lignes dans une seule lecture', async (conn, t) => {
      const [a, b] = t.data.lines(2);
      const echoes = [await echoOfWholeLine(conn, a), await echoOfWholeLine(conn, b)];
      await conn.send(`${a}\n${b}\n`);
      await expectSameEcho(conn, echoes[0], `Ligne 1 sur 2, arrivée avec la suivante dans une seule lecture`);
      await expectSameEcho(conn, echoes[1], `Ligne 2 sur 2, arrivée avec la précédente dans une seule lecture`);
    }),
  serverCase('p2-ligne-trois-segments', 'une ligne arrivée en trois lectures revient en une seule ligne',
    'une ligne répartie sur plusieurs lectures', async (conn, t) => {
      const line = t.data.sentence(4);
      const echo = await echoOfWholeLine(conn, line);
      const cut1 = t.data.int(1, 4);
      const cut2 = t.data.int(cut1 + 1, cut1 + 5);
      const bytes = Buffer.from(line + '\n');
      await conn.sendSegments([bytes.subarray(0, cut1), bytes.subarray(cut1, cut2), bytes.subarray(cut2)]);
      await expectSameEcho(conn, echo, `La même ligne, arrivée en trois lectures (${show(bytes.subarray(0, cut1))}, ${show(bytes.subarray(cut1, cut2))}, ${show(bytes.subarray(cut2))})`);
    }),
  serverCase('p2-utf8-coupe', 'un caractère accentué coupé entre deux lectures revient intact',
    'un caractère UTF-8 (é) coupé entre deux lectures', async (conn, t) => {
      const line = `${t.data.word()} répété ${t.data.word()}`;
      const echo = await echoOfWholeLine(conn, line);
      const bytes = Buffer.from(line + '\n');
      const cut = bytes.indexOf(Buffer.from('é')) + 1; // between the two bytes of "é"
      await conn.sendSegments([bytes.subarray(0, cut), bytes.subarray(cut)]);
      await expectSameEcho(conn, echo, 'La même ligne, arrivée en deux lectures coupées entre les deux octets de «\u00a0é\u00a0»');
    }),
  serverCase('p2-crlf', 'les fins de ligne «\u00a0\\r\\n\u00a0» (telnet, nc -C) sont comprises, y compris pour «\u00a0fin\u00a0»',
    'Un \\r juste avant le \\n fait partie de la fin de ligne et est retiré (telnet, nc -C)', async (conn, t) => {
      for (const line of t.data.lines(2)) {
        const echo = await echoOfWholeLine(conn, line);
        await conn.send(line + '\r\n');
        await expectSameEcho(conn, echo, `La même ligne terminée par «\u00a0\\r\\n\u00a0»`);
      }
      await conn.send('fin\r\n');
      await expectCloseAfterFin(conn, '«\u00a0fin\\r\\n\u00a0»');
    }),
  serverCase('p2-ligne-vide', 'une ligne vide revient comme une ligne vide',
    'La ligne vide \\n → \\n', async (conn, t) => {
      const [a, b] = t.data.lines(2);
      await anyEcho(conn, a);
      await conn.send('\n');
      await expectLine(conn, '', 'Ligne vide\u00a0: ');
      await anyEcho(conn, b);
    }),
  serverCase('p2-ligne-100k', 'une ligne de plus de 100 Kio revient entière',
    'des lignes très longues (100 Kio)', async (conn, t) => {
      // ASCII digits and signs: no case to change (p2-echo-ordre's concern), no character to
      // cut between two reads (p2-utf8-coupe's).
      const line = t.data.longText(100 * 1024, '0123456789+-=*/%<>');
      await conn.send(line + '\n');
      await expectLine(conn, line);
    }),
  serverCase('p2-fin-termine', 'la ligne «\u00a0fin\u00a0» termine la conversation\u00a0: pas d\'écho, fermeture propre (FIN)',
    'n\'est pas renvoyée : le serveur ferme proprement la connexion (FIN).', async (conn, t) => {
      await anyEcho(conn, t.data.sentence(2));
      await conn.send('fin\n');
      await expectClose(conn, 'FIN');
    }),
  serverCase('p2-apres-fin-ignore', 'ce qui suit la ligne «\u00a0fin\u00a0», dans la même lecture ou après, est ignoré, sans fermeture brutale',
    'Tout ce qui la suit est ignoré, même arrivé dans la même lecture qu\'elle : ni renvoyé, ni cause d\'une fermeture brutale (RST).', async (conn, t) => {
      const [before, after, later] = t.data.lines(3);
      await anyEcho(conn, before);
      await conn.send(`fin\n${after}\n`);
      await conn.waitClosed();
      // Echoing « fin » itself is p2-fin-termine's concern: only what follows it counts here.
      const extra = conn.unreadBytes().toString('utf8').replace(/^fin\r?\n/, '');
      if (extra !== '' || conn.closedBy !== 'FIN') {
        const got = `${extra ? `${show(extra)}, ` : ''}${conn.closedBy ? `connexion fermée (${conn.closedBy})` : 'connexion toujours ouverte'}`;
        const hint = extra.includes(after) ? '. La ligne qui suit «\u00a0fin\u00a0» dans la même lecture a été traitée\u00a0: le découpage continue après la fermeture' : '';
        fail(`Envoyé d'un coup\u00a0: ${show(`fin\n${after}\n`)}. Attendu\u00a0: la fermeture propre (FIN), sans rien renvoyer de ce qui suit «\u00a0fin\u00a0»\u00a0; reçu\u00a0: ${got}${hint}.`);
      }
      // The client still sends a line, then closes: the server must take it in without a reset.
      await conn.send(later + '\n');
      conn.end();
      if (!hasTcpTable()) return;
      const gone = await waitFor(() => (findIn(readTcpTable() ?? [], conn.localPort, conn.remotePort) ? undefined : true), DEADLINES.close);
      const serverEnd = findIn(readTcpTable() ?? [], conn.remotePort, conn.localPort, true);
      if (gone.ok && serverEnd?.state !== 'TIME_WAIT') {
        fail(
          `Après la ligne «\u00a0fin\u00a0», le client a encore envoyé ${show(later + '\n')} puis fermé (FIN)\u00a0: attendu que le serveur l'ignore\u00a0; ` +
            `reçu\u00a0: une fermeture brutale (RST), le serveur avait détruit la socket (destroy(), ou une écriture après end()).`,
        );
      }
    }),
  serverCase('p2-fin-dans-ligne', 'une ligne qui contient «\u00a0fin\u00a0» sans être «\u00a0fin\u00a0» (FIN, " fin ", enfin…) ne termine pas la conversation',
    'sont des lignes ordinaires : elles sont renvoyées.', async (conn, t) => {
      const lines = [...NOT_FIN.map((kind) => kind[t.data.int(0, kind.length - 1)]), t.data.sentence(2)];
      for (const line of lines) {
        await conn.send(line + '\n');
        // Any echo will do: how the server echoes is p2-echo-ordre's concern, not ending is this test's.
        const read = await conn.readLine();
        if (read.kind !== 'line') fail(`Attendu\u00a0: l'écho de ${show(line + '\n')}, une ligne ordinaire (seule la ligne exacte «\u00a0fin\u00a0» termine)\u00a0; reçu\u00a0: ${describeRead(read)}.`);
      }
    }),
  serverCase('p2-morceau-ignore', 'un morceau de ligne sans «\u00a0\\n\u00a0», encore en attente quand le client ferme, n\'est pas renvoyé',
    'Un morceau de ligne sans \\n, encore en attente quand le client ferme, n\'est pas une ligne : il est ignoré.', async (conn, t) => {
      await anyEcho(conn, t.data.sentence(2));
      const piece = t.data.sentence(2);
      await conn.send(piece); // no "\n"
      await conn.waitUntilPeerHasRead();
      conn.end();
      await conn.waitClosed();
      const extra = conn.unreadBytes();
      if (extra.length === 0) return;
      const raw = extra.toString('utf8').startsWith(piece) && !extra.toString('utf8').startsWith(piece + '\n');
      fail(
        `Envoyé\u00a0: ${show(piece)}, sans «\u00a0\\n\u00a0», puis fermeture (FIN). Attendu\u00a0: rien en retour (ce n'est pas une ligne)\u00a0; reçu\u00a0: ${show(extra)}` +
          (raw ? '. Le serveur renvoie ce qu\'il lit, tel quel\u00a0: il ne découpe pas le flux en lignes (un tampon, et une ligne par «\u00a0\\n\u00a0»).' : '.'),
      );
    }),
  serverCase('p2-serveur-sortie', 'quand son client ferme (FIN), le serveur se termine avec le code 0',
    'Il se termine avec le code 0 après ce client.', async (conn, t, server) => {
      await conn.send(t.data.word() + '\n');
      await conn.readLine();
      conn.end();
      await expectExit(server, 0);
    }),
  serverCase('p2-client-brutal', 'un client qui part brutalement (RST) ne fait pas planter le serveur',
    'Un client qui ferme (FIN) ou qui disparaît brutalement (RST) ne doit jamais faire planter le serveur', async (conn, t, server) => {
      await anyEcho(conn, t.data.sentence(2));
      conn.reset();
      // Not crashing is this test's concern; exiting after the client is p2-serveur-sortie's.
      const exit = await server.waitExit(DEADLINES.exit);
      if (exit && (exit.signal !== null || exit.code !== 0)) {
        fail(`Après la fermeture brutale (RST) du client, attendu\u00a0: le serveur ne plante pas\u00a0; reçu\u00a0: ${server.goneReason()}.`);
      }
      expectNoStackTrace(server);
    }),
  {
    id: 'p2-port-occupe',
    part: 2,
    title: 'sur un port déjà utilisé, le serveur le dit en une ligne (EADDRINUSE) et se termine avec un code non nul',
    contract: 'Port déjà utilisé : une seule ligne sur stderr, qui contient le numéro du port et le code entre parenthèses',
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
    contract: 'Chaque ligne reçue est affichée sur stdout, sur sa propre ligne. Le stdout du client ne contient que les lignes reçues',
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
    contract: 'Après avoir envoyé la ligne fin (ce qui est tapé ensuite n\'est pas envoyé), ou à la fin de l\'entrée standard',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(2));
      client.writeStdin('fin\n');
      await expectLine(conn, 'fin', TYPED);
      client.writeStdin(`${t.data.sentence(2)}\n`); // typed after « fin »: not sent
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p2-client-fin-clavier',
    part: 2,
    title: "à la fin de l'entrée standard (Ctrl-D), le client ferme proprement (FIN) et se termine avec le code 0",
    contract: 'le client ferme son côté avec end() (FIN)',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(2));
      client.endStdin();
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p2-client-echos-apres-fin',
    part: 2,
    title: 'après «\u00a0fin\u00a0», le client affiche encore les échos qui arrivent, jusqu\'à la fermeture par le serveur',
    contract: 'Il affiche encore les échos qui arrivent, et se termine avec le code 0 quand le serveur a fermé.',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      const line = t.data.sentence(2);
      client.writeStdin(`${line}\nfin\n`);
      await expectLine(conn, line, TYPED);
      await expectLine(conn, 'fin', TYPED);
      await conn.waitClosed(); // the client's FIN (p2-client-fin grades it)
      await conn.send(line + '\n'); // the echo comes late, as from a busy server
      conn.end();
      // Shown at all is this test's concern; shown exactly as received is p2-client-echo's.
      await client.waitExit(DEADLINES.exit);
      if (!client.proc.stdout.text().includes(line)) {
        fail(`Après «\u00a0fin\u00a0», le serveur a encore envoyé l'écho ${show(line + '\n')}, puis fermé. Attendu\u00a0: le client l'affiche\u00a0; reçu sur sa sortie standard\u00a0: ${client.describeStdout()}${client.goneReason() ? ` (${client.goneReason()})` : ''}.`);
      }
    },
  },
  {
    id: 'p2-client-serveur-ferme',
    part: 2,
    title: 'si le serveur ferme le premier, le client le signale sur sa sortie d\'erreur et se termine avec le code 0',
    contract: 'Si le serveur ferme le premier (alors que l\'entrée standard est encore ouverte), le client écrit sur stderr Le serveur a fermé la connexion. et se termine avec le code 0.',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(1));
      conn.end();
      await expectExit(client, 0);
      expectStderrMentions(client, [/serveur/i, /ferm/i], 'un message qui dit que le serveur a fermé la connexion');
    },
  },
  {
    id: 'p2-client-rst',
    part: 2,
    title: 'si le serveur disparaît brutalement (RST), le client le signale (ECONNRESET) et se termine avec le code 1',
    contract: 'Fermeture brutale par le serveur (RST, ECONNRESET) : une seule ligne sur stderr avec le code, code de sortie 1.',
    async run(t) {
      const { client, conn } = await clientAgainstHarness(t);
      await echoTypedLines(client, conn, t.data.lines(1));
      await conn.waitUntilPeerHasRead();
      conn.reset();
      await expectExit(client, 1);
      expectStderrMentions(client, ['ECONNRESET'], 'un message qui dit que la connexion a été interrompue brutalement (ECONNRESET)');
      expectNoStackTrace(client);
    },
  },
];
