// Partie I — premier échange : un serveur qui accepte un client, répond une fois et ferme ;
// un client qui envoie un message, affiche la réponse et ferme.
import { HOST } from '../harness/connection';
import { DEADLINES } from '../harness/timing';
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
  return { server, conn };
}

/** Runs the student's client against a harness server that answers `reply`. */
async function exchangeWithClient(t: TestContext, port?: number) {
  const server = await t.listen(port);
  const message = t.data.sentence(2);
  const reply = t.data.sentence(2).toUpperCase();
  const client = t.start('client', [String(server.port), message]);
  const conn = await t.acceptFrom(server, client);
  await expectLine(conn, message, 'Message du client\u00a0: ');
  await conn.send(reply + '\n');
  return { client, conn, reply };
}

/** Runs the client with nothing listening: it must say so in one French line and exit non-zero. */
async function expectRefused(t: TestContext, port: number) {
  const client = t.start('client', [String(port), t.data.word()]);
  await expectExit(client, 'non-zero', DEADLINES.ready); // from spawn: a cold start counts
  expectStderrMentions(
    client,
    [/refus/i, 'ECONNREFUSED', `${HOST}:${port}`],
    `un message qui dit que la connexion est refusée (ECONNREFUSED) par ${HOST}:${port}`,
  );
  expectNoStackTrace(client);
}

export const partie1: TestCase[] = [
  {
    id: 'p1-serveur-ecoute',
    part: 1,
    title: 'le serveur écoute sur 127.0.0.1 au port donné dès sa ligne prête',
    async run(t) {
      const { port } = await t.startServer();
      await t.connect(port);
    },
  },
  {
    id: 'p1-serveur-repond',
    part: 1,
    title: 'le serveur répond au message du client, en majuscules',
    async run(t) {
      await exchangeWithServer(t);
    },
  },
  {
    id: 'p1-serveur-ferme',
    part: 1,
    title: 'le serveur ferme la connexion proprement (FIN) après avoir répondu',
    async run(t) {
      const { conn } = await exchangeWithServer(t);
      await expectClose(conn, 'FIN');
    },
  },
  {
    id: 'p1-serveur-sortie',
    part: 1,
    title: 'le serveur se termine avec le code 0 après son unique client',
    async run(t) {
      const { server, conn } = await exchangeWithServer(t);
      conn.end();
      await expectExit(server, 0);
    },
  },
  {
    id: 'p1-client-refus',
    part: 1,
    title: "sans serveur, le client signale la connexion refusée (ECONNREFUSED) sans pile d'appels",
    async run(t) {
      await expectRefused(t, await t.freePort());
    },
  },
  {
    id: 'p1-client-echange',
    part: 1,
    title: 'le client envoie son message et affiche la réponse du serveur',
    async run(t) {
      const { client, reply } = await exchangeWithClient(t);
      await expectStdoutLines(client, [reply]);
    },
  },
  {
    id: 'p1-client-ferme',
    part: 1,
    title: 'le client ferme proprement (FIN) après la réponse et se termine avec le code 0',
    async run(t) {
      const { client, conn } = await exchangeWithClient(t);
      await expectClientLeavesCleanly(client, conn);
    },
  },
  {
    id: 'p1-client-avant-apres',
    part: 1,
    title: 'lancé avant le serveur, le client est refusé\u00a0; lancé après, il est servi',
    async run(t) {
      const port = await t.freePort();
      await expectRefused(t, port);
      const { client, reply } = await exchangeWithClient(t, port);
      await expectStdoutLines(client, [reply]);
    },
  },
];
