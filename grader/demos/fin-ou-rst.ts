// Two ways to end a connection. end() is shutdown(SHUT_WR): a FIN, "I will send nothing more",
// and the other side may still answer. destroy() is close(): with bytes still unread, the
// kernel sends an RST instead, the other side gets ECONNRESET, and what was in flight is lost.
import { once } from 'node:events';
import { show } from '../harness/show';
import { waitFor } from '../harness/timing';
import type { Demo } from './types';
import { bytes, ends, kernelEntry, waitQueued, write } from './sockets';

const GONE = 'absente de la table du noyau';

/** The kernel's state for a socket (« FIN_WAIT2 », or GONE), or undefined without /proc. */
function stateOf(local: number, remote: number): string | undefined {
  const entry = kernelEntry(local, remote);
  if (entry === null) return undefined;
  return entry ? entry.state : GONE;
}

export const finOuRst: Demo = {
  name: 'fin-ou-rst',
  summary: "fermer (destroy) une socket qui a des données non lues envoie un RST (ECONNRESET chez l'autre)\u00a0; end() envoie un FIN ('end' chez l'autre), qui peut encore répondre avant de fermer.",
  async run(say, stage) {
    say.scene('Fermeture avec des données non lues\u00a0: RST');
    const { client, server } = await stage.pair({ server: { pauseOnConnect: true } }); // the server never reads
    const sent = 'bonjour\nencore une ligne\n';
    const errors: string[] = [];
    client.on('error', (err: NodeJS.ErrnoException) => errors.push(err.code ?? err.message));
    await write(client, sent);
    say.say('client', `write(${show(sent)})`);
    await waitQueued(server, Buffer.byteLength(sent));
    const { local, remote } = ends(client);
    say.say('serveur', `n'a rien lu des ${bytes(Buffer.byteLength(sent))} reçus, et appelle socket.destroy() (close())`);
    server.destroy();
    await waitFor(() => (errors.length ? true : undefined), 2000);
    say.say('client', errors.length ? `événement 'error'\u00a0: ${errors.join(', ')}` : "pas d'erreur");
    const rstState = stateOf(local, remote);
    if (rstState) say.say('noyau', `la socket du client\u00a0: ${rstState}`);
    say.verify(
      errors.includes('ECONNRESET') && (rstState === undefined || rstState === GONE),
      "des octets non lus à la fermeture\u00a0: le noyau envoie un RST, pas un FIN. L'autre côté reçoit ECONNRESET, la connexion disparaît d'un coup, et ce qui était encore en route vers lui peut être perdu.",
      `le client a vu ${errors.join(', ') || 'rien'} (au lieu de ECONNRESET), sa socket\u00a0: ${rstState}`,
    );

    say.scene('Demi-fermeture\u00a0: FIN, puis une dernière réponse');
    const served: string[] = [];
    // allowHalfOpen: after the client's FIN, the server may still write before its own end().
    const { client: polite, server: listener } = await stage.pair({ server: { allowHalfOpen: true } });
    listener.setEncoding('utf8');
    listener.on('data', (text: string) => served.push(`'data' ${show(text)}`));
    listener.on('end', () => served.push(`'end'`));
    const { local: cPort, remote: sPort } = ends(polite);
    const heard: string[] = [];
    polite.setEncoding('utf8');
    polite.on('data', (text: string) => heard.push(show(text)));
    await write(polite, 'bonjour\n');
    polite.end();
    say.say('client', `write("bonjour\\n"), puis end()\u00a0: shutdown(SHUT_WR), le noyau envoie un FIN`);
    await waitFor(() => (served.includes(`'end'`) ? true : undefined), 2000);
    say.say('serveur', `événements ${served.join(', puis ')}`);
    say.explain("'end'\u00a0: la lecture a rendu 0 octet, le client n'enverra plus rien. Il peut encore recevoir.");
    say.explain("ce serveur est créé avec allowHalfOpen: true, pour répondre quand il veut. Par défaut, Node répond au FIN par son propre FIN juste après 'end'\u00a0: seule une réponse écrite dans le gestionnaire de 'end' passe encore.");
    const halfState = stateOf(sPort, cPort);
    if (halfState) say.say('noyau', `serveur ${halfState}, client ${stateOf(cPort, sPort)}`);
    if (halfState) {
      say.verify(
        halfState === 'CLOSE_WAIT',
        "le serveur a reçu le FIN (CLOSE_WAIT)\u00a0; le client attend celui du serveur (FIN_WAIT1 tant que son propre FIN n'est pas acquitté, puis FIN_WAIT2).",
        `serveur en ${halfState} au lieu de CLOSE_WAIT`,
      );
    }
    listener.end('au revoir\n');
    say.say('serveur', 'end("au revoir\\n")\u00a0: une dernière ligne, puis son propre FIN');
    await once(polite, 'close');
    say.say('client', `événement 'data'\u00a0: ${heard.join(' ') || 'rien'}, puis 'end' et 'close'`);
    const after = stateOf(cPort, sPort);
    if (after) say.say('noyau', `client ${after}`);
    say.verify(
      heard.join('') === show('au revoir\n') && (after === undefined || after === 'TIME_WAIT'),
      "la réponse envoyée après le FIN du client est arrivée\u00a0: un FIN ne ferme qu'un sens. Celui qui a fermé le premier garde sa socket en TIME_WAIT (60\u00a0s sous Linux) pour les derniers segments égarés.",
      `le client a reçu ${heard.join(' ') || 'rien'}, sa socket\u00a0: ${after}`,
    );

    say.conclude(
      "finir proprement, c'est annoncer la fin (la ligne fin), appeler end() (FIN), lire jusqu'à 'end' (le FIN de l'autre), puis fermer. destroy() avec des octets non lus envoie un RST\u00a0: l'autre voit ECONNRESET et peut perdre ce qui était en route.",
    );
  },
};
