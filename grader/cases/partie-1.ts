// Partie I — premier échange : un serveur qui accepte un client, répond une fois et ferme ;
// un client qui envoie un message, affiche la réponse et ferme. Each case checks its own
// sentence of the contract and takes the rest for granted: a client whose refusal message has
// a stack trace fails p1-client-refus, not p1-client-avant-apres too.
import { describeRead, HOST } from '../harness/connection';
import { fail } from '../harness/journal';
import { show } from '../harness/show';
import { DEADLINES, waitFor } from '../harness/timing';
import { expectClientLeavesCleanly, expectClose, expectExit, expectLine, expectNoStackTrace, expectStderrMentions, expectStdoutLines } from '../harness/expect';
import type { TestContext } from '../harness/context';
import type { TestCase } from './types';

/** Starts the student's server, sends one message and checks the upper-case reply. */
async function exchangeWithServer(t: TestContext) {
  const { server, port } = await t.startServer();
  const conn = await t.connect(port);
  const message = t.data.sentence(2);
  await conn.send(message + '\n');
  await expectLine(conn, message.toUpperCase());
  return { server, conn, message };
}

/**
 * Starts the student's server, sends one message (ended by `eol`) and waits for a reply line,
 * whatever it says: what the reply holds is p1-serveur-repond's concern, not the other cases'.
 */
async function anyReplyFromServer(t: TestContext, eol = '\n') {
  const { server, port } = await t.startServer();
  const conn = await t.connect(port);
  const message = t.data.sentence(2);
  await conn.send(message + eol);
  const read = await conn.readLine();
  if (read.kind !== 'line') fail(`Attendu\u00a0: une ligne de réponse à ${show(message + eol)}\u00a0; reçu\u00a0: ${describeRead(read)}.`);
  return { server, conn, message, reply: read.line };
}

/**
 * Runs the student's client against a harness server; returns once its message has arrived,
 * with or without its "\n" (that it ends the line is p1-client-envoie's concern alone).
 */
async function clientConnected(t: TestContext, port?: number) {
  const server = await t.listen(port);
  const message = t.data.sentence(2);
  const client = t.start('client', [String(server.port), message]);
  const conn = await t.acceptFrom(server, client);
  const read = await conn.readLine();
  const unended = read.kind !== 'line' && read.partial.toString('utf8') === message;
  if (!(read.kind === 'line' && read.line === message) && !unended) {
    fail(`Message du client\u00a0: Attendu\u00a0: ${show(message + '\n')}\u00a0; reçu\u00a0: ${describeRead(read)}.`);
  }
  if (unended) await conn.readBytes(Buffer.byteLength(message)); // taken as read
  return { client, conn, message };
}

/** Runs the student's client against a harness server that answers `reply`. */
async function exchangeWithClient(t: TestContext) {
  const { client, conn } = await clientConnected(t);
  const reply = t.data.sentence(2).toUpperCase();
  await conn.send(reply + '\n');
  return { client, conn, reply };
}

/** Starts the client with nothing listening on `port`. */
function startRefused(t: TestContext, port: number) {
  return t.start('client', [String(port), t.data.word()]);
}

export const partie1: TestCase[] = [
  {
    id: 'p1-serveur-ecoute',
    part: 1,
    title: 'le serveur écoute sur 127.0.0.1 au port donné dès sa ligne prête',
    contract: 'Le serveur écoute sur 127.0.0.1, à ce port.',
    async run(t) {
      const { port } = await t.startServer();
      await t.connect(port);
    },
  },
  {
    id: 'p1-serveur-repond',
    part: 1,
    title: 'le serveur répond au message du client, en majuscules',
    contract: 'Il renvoie le message en MAJUSCULES suivi de \\n',
    async run(t) {
      await exchangeWithServer(t);
    },
  },
  {
    id: 'p1-serveur-crlf',
    part: 1,
    title: 'un message terminé par «\u00a0\\r\\n\u00a0» (telnet, nc -C) reçoit la même réponse, sans «\u00a0\\r\u00a0»',
    contract: 'Un message terminé par \\r\\n (telnet, nc -C) reçoit la même réponse : le \\r fait partie de la fin de ligne.',
    async run(t) {
      const { message, reply } = await anyReplyFromServer(t, '\r\n');
      if (reply.includes('\r')) fail(`Envoyé\u00a0: ${show(message + '\r\n')}. Attendu\u00a0: une réponse sans «\u00a0\\r\u00a0» (il fait partie de la fin de ligne)\u00a0; reçu\u00a0: ${show(reply + '\n')}.`);
    },
  },
  {
    id: 'p1-serveur-affiche',
    part: 1,
    title: 'le serveur affiche le message reçu («\u00a0Reçu\u00a0: …\u00a0»)',
    contract: 'Il affiche sur stdout la ligne Reçu : <message>, le message sans sa fin de ligne.',
    async run(t) {
      const { server, port } = await t.startServer();
      const conn = await t.connect(port);
      const message = t.data.sentence(2);
      await conn.send(message + '\n');
      // Spaces around the colon are free (plain, non-breaking or none); the message is not.
      const wanted = new RegExp(`^Reçu\\s?:\\s?${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      await server.waitForStdoutLine((l) => wanted.test(l), `la ligne «\u00a0Reçu\u00a0: ${message}\u00a0»`);
    },
  },
  {
    id: 'p1-serveur-ferme',
    part: 1,
    title: 'le serveur ferme la connexion proprement (FIN) après avoir répondu',
    contract: 'Il ferme proprement la connexion avec end() (FIN)',
    async run(t) {
      const { conn } = await anyReplyFromServer(t);
      await expectClose(conn, 'FIN');
    },
  },
  {
    id: 'p1-serveur-sortie',
    part: 1,
    title: 'le serveur se termine avec le code 0 après son unique client',
    contract: 'Il accepte un seul client, puis n\'écoute plus, et se termine avec le code 0 une fois la connexion fermée.',
    async run(t) {
      const { server, conn } = await anyReplyFromServer(t);
      conn.end();
      await expectExit(server, 0);
    },
  },
  {
    id: 'p1-client-refus',
    part: 1,
    title: "sans serveur, le client signale la connexion refusée (ECONNREFUSED) en une ligne, sans pile d'appels",
    contract: 'Connexion refusée : une seule ligne sur stderr, qui contient le mot « refusée », le code (ECONNREFUSED) et l\'adresse sous la forme 127.0.0.1:<port>',
    async run(t) {
      const port = await t.freePort();
      const client = startRefused(t, port);
      // The message, whatever the exit code (p1-client-avant-apres grades that): wait for the
      // exit, or for the message of a client that stays.
      // « refusée » in words, not only inside the code ECONNREFUSED.
      const patterns = [/(?<!ECONN)refus/i, 'ECONNREFUSED', `${HOST}:${port}`];
      const said = () => patterns.every((p) => (typeof p === 'string' ? client.proc.stderr.text().includes(p) : p.test(client.proc.stderr.text())));
      await waitFor(() => (client.proc.exit || said() ? true : undefined), DEADLINES.ready);
      await client.waitExit(200);
      expectStderrMentions(client, patterns, `un message qui dit que la connexion est refusée (ECONNREFUSED) par ${HOST}:${port}`);
      expectNoStackTrace(client);
    },
  },
  {
    id: 'p1-client-envoie',
    part: 1,
    title: 'le client envoie son message suivi de «\u00a0\\n\u00a0»',
    contract: 'Il se connecte à 127.0.0.1, au port donné, et envoie <message>\\n.',
    async run(t) {
      const server = await t.listen();
      const message = t.data.sentence(2);
      const client = t.start('client', [String(server.port), message]);
      const conn = await t.acceptFrom(server, client);
      await expectLine(conn, message, 'Message du client\u00a0: ');
    },
  },
  {
    id: 'p1-client-echange',
    part: 1,
    title: 'le client envoie son message et affiche la réponse du serveur',
    contract: 'Son stdout contient uniquement la ligne reçue du serveur, sur sa propre ligne, sans rien ajouter.',
    async run(t) {
      // The harness answers and closes, as the Partie I server does; then the whole stdout counts.
      const { client, conn, reply } = await exchangeWithClient(t);
      conn.end();
      await client.waitExit(DEADLINES.exit);
      await expectStdoutLines(client, [reply]);
    },
  },
  {
    id: 'p1-client-ferme',
    part: 1,
    title: 'le client ferme proprement (FIN) après la réponse et se termine avec le code 0',
    contract: 'Il ferme avec end() (FIN) dès qu\'il a reçu la ligne de réponse complète, et se termine avec le code 0.',
    async run(t) {
      const { client, conn } = await exchangeWithClient(t);
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p1-client-reponse-coupee',
    part: 1,
    title: 'si le serveur ferme sans finir sa ligne par «\u00a0\\n\u00a0», le client affiche ce qu\'il a reçu',
    contract: 'Si le serveur ferme la connexion avant d\'avoir envoyé le \\n, le client affiche ce qu\'il a reçu et se termine avec le code 0.',
    async run(t) {
      const { client, conn } = await clientConnected(t);
      const reply = t.data.sentence(2).toUpperCase();
      await conn.send(reply); // no "\n"
      conn.end();
      await expectStdoutLines(client, [reply]);
      await expectExit(client, 0);
    },
  },
  {
    id: 'p1-client-avant-apres',
    part: 1,
    title: 'lancé avant le serveur, le client se termine avec le code 1\u00a0; lancé après, il se connecte et envoie son message',
    contract: 'Lancé alors qu\'aucun serveur n\'écoute, le client se termine avec le code 1 ; relancé une fois le serveur en écoute, il se connecte et envoie son message.',
    async run(t) {
      const port = await t.freePort();
      await expectExit(startRefused(t, port), 1, DEADLINES.ready); // from spawn: a cold start counts
      await clientConnected(t, port);
    },
  },
];
