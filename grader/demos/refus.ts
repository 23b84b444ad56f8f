// A connection to a port where nobody listens is refused at once: the kernel answers the SYN
// with an RST and Node reports ECONNREFUSED. Once a server listens there, the same call succeeds.
import type { Demo } from './types';
import { freePort } from './sockets';

export const refus: Demo = {
  name: 'refus',
  summary: "se connecter à un port où personne n'écoute\u00a0: le noyau répond par un RST, Node signale ECONNREFUSED\u00a0; puis, serveur en écoute, la même connexion réussit.",
  async run(say, stage) {
    const port = await freePort();

    say.scene(`Personne n'écoute sur 127.0.0.1:${port}`);
    say.say('client', `net.connect(${port}, '127.0.0.1')\u00a0: le noyau envoie un SYN`);
    const before = say.elapsed();
    const refused = await stage.connect(port);
    if ('socket' in refused) {
      say.surprise("la connexion a réussi alors que personne n'écoutait");
    } else {
      say.say('client', `événement 'error'\u00a0: ${refused.code} (${refused.message}), après ${Math.round(say.elapsed() - before)}\u00a0ms`);
      say.verify(
        refused.code === 'ECONNREFUSED',
        "aucune socket n'écoute sur ce port\u00a0: le noyau a répondu au SYN par un RST, sans délai. C'est la connexion refusée (ECONNREFUSED). Même une socket liée au port par bind(), sans listen(), ne change rien (un serveur Node ne sait pas être lié sans écouter)\u00a0: seul listen() fait accepter des connexions.",
        `erreur ${refused.code} au lieu de ECONNREFUSED`,
      );
    }

    say.scene('Un serveur écoute maintenant sur ce port');
    await stage.listen(port, (socket) => {
      say.say('serveur', `événement 'connection' (accept)\u00a0: client 127.0.0.1:${socket.remotePort}`);
      socket.end();
    });
    say.say('serveur', `server.listen(${port}, '127.0.0.1')\u00a0: bind() puis listen(), la socket est en LISTEN`);
    const accepted = await stage.connect(port);
    if ('socket' in accepted) {
      say.say('client', `événement 'connect'\u00a0: connecté depuis le port ${accepted.socket.localPort}`);
      say.explain('la poignée de main SYN, SYN-ACK, ACK a abouti\u00a0: le même appel réussit dès que quelqu\'un écoute.');
    } else {
      say.surprise(`connexion refusée (${accepted.code}) alors qu'un serveur écoute`);
    }

    say.conclude(
      "ECONNREFUSED veut dire «\u00a0rien n'écoute à cette adresse et à ce port\u00a0» (serveur pas lancé, pas encore en écoute, ou mauvais port). Le refus est immédiat\u00a0; un délai dépassé (ETIMEDOUT) signifierait au contraire que le SYN est resté sans réponse.",
    );
  },
};
