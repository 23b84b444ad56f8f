// Nothing in TCP pairs a reply with a request: each direction is a byte stream, and a server may
// write as often as it likes. Its replies reach the client in as many reads as timing makes.
import { show } from '../harness/show';
import { waitFor } from '../harness/timing';
import type { Demo } from './types';
import type { Narrator } from './narrator';
import { resumeWhenQueued, type Stage } from './sockets';

const REPLIES = ['1/3 bien reçu\n', '2/3 je réfléchis\n', '3/3 voilà\n'];
const TOTAL = Buffer.byteLength(REPLIES.join(''));

/** One exchange: the client sends one line, the server answers it with three, `gapMs` apart. */
async function exchange(say: Narrator, stage: Stage, gapMs: number): Promise<number> {
  // At once: the client reads a moment after the replies came (it connects paused).
  const { client, server } = await stage.pair({ paused: !gapMs });
  server.once('data', () => {
    say.say('serveur', `reçoit une ligne, envoie ${REPLIES.length} réponses${gapMs ? `, à ${gapMs}\u00a0ms d'intervalle` : ' à la suite'}`);
    REPLIES.forEach((reply, i) => (gapMs ? setTimeout(() => server.write(reply), i * gapMs) : server.write(reply)));
  });
  const reads: Buffer[] = [];
  client.on('data', (chunk: Buffer) => {
    reads.push(chunk);
    say.say('client', `événement 'data'\u00a0: ${show(chunk)}`);
  });
  client.write('bonjour\n');
  say.say('client', 'write("bonjour\\n"), une seule ligne');
  if (!gapMs) {
    say.say('client', 'lit un peu plus tard (occupé un instant)');
    await resumeWhenQueued(client, TOTAL);
  }
  await waitFor(() => (Buffer.concat(reads).length >= TOTAL ? true : undefined), 3000);
  client.end();
  return reads.length;
}

export const plusieursReponses: Demo = {
  name: 'plusieurs-reponses',
  summary: 'pour un seul message, le serveur envoie trois réponses\u00a0; le client les reçoit dans une même lecture, ou en trois quand elles sont espacées.',
  async run(say, stage) {
    say.scene('Trois réponses à la suite');
    const together = await exchange(say, stage, 0);
    say.verify(
      together === 1,
      "les trois réponses sont arrivées dans une seule lecture\u00a0: le client ne doit pas croire qu'une lecture est une réponse.",
      `${together} lectures au lieu d'une`,
    );

    say.scene('Trois réponses espacées');
    const apart = await exchange(say, stage, 150);
    say.verify(
      apart === REPLIES.length,
      'espacées, elles arrivent en trois lectures\u00a0: le client doit continuer à lire après la première.',
      `${apart} lectures au lieu de ${REPLIES.length}`,
    );

    say.conclude(
      "oui, un serveur peut envoyer plusieurs réponses à la suite\u00a0: chaque sens d'une connexion TCP est un flux d'octets, sans frontières de messages ni appariement question-réponse. C'est le protocole d'écho qui associe une réponse à chaque ligne\u00a0; TCP, lui, livre les octets dans l'ordre, regroupés ou non selon le moment.",
    );
  },
};
