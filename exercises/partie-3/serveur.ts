// Partie III — serveur d'écho pour plusieurs clients : il reste en écoute et sert chaque client
// en même temps que les autres, jusqu'à ce qu'on l'arrête (Ctrl-C, SIGTERM).
// Usage : serveur.ts [port]   (port par défaut : 5050)
import * as net from 'node:net';

const HOTE = '127.0.0.1';
const port = lirePort(process.argv[2]);

// Fourni : le port donné sur la ligne de commande (5050 par défaut), un entier de 1 à 65535.
// Un port invalide (« abc ») est dit en une ligne, avant toute connexion.
function lirePort(texte = '5050'): number {
  const nombre = Number(texte);
  if (!/^\d+$/.test(texte) || nombre < 1 || nombre > 65535) {
    console.error(`Erreur : port invalide « ${texte} » : donnez un nombre entier de 1 à 65535, par exemple 5050.`);
    process.exit(1);
  }
  return nombre;
}

function demarrerServeur(port: number): net.Server {
  // TODO 1 : créer le serveur et le mettre en écoute sur HOTE (127.0.0.1), au port donné
  // (comme dans les parties I et II).
  // - net.createServer(), puis un abonnement à l'événement 'error' du serveur : si
  //   err.code vaut 'EADDRINUSE', une seule ligne sur stderr (console.error) avec le port
  //   et le code entre parenthèses, par exemple :
  //     Erreur : le port 5050 est déjà utilisé (EADDRINUSE).
  //   Pas de pile d'appels ; process.exitCode = 1.
  // - serveur.listen(port, HOTE, rappel) ; dans le rappel, affichez exactement la ligne
  //   prête :
  //     Serveur en écoute sur 127.0.0.1:<port>
  // - Renvoyez le serveur.
  throw new Error('TODO 1 (serveur.ts, demarrerServeur) : créez le serveur avec net.createServer() et mettez-le en écoute sur 127.0.0.1 avec listen().');
}

// Découpe le flux d'octets en lignes. Fourni : c'est votre découpage de la partie II.
function decouperLignes(socket: net.Socket, traiterLigne: (ligne: string) => void): void {
  socket.setEncoding('utf8');
  let tampon = '';
  socket.on('data', (morceau: string) => {
    tampon += morceau;
    let fin: number;
    while ((fin = tampon.indexOf('\n')) !== -1 && !socket.writableEnded) {
      const ligne = tampon.slice(0, fin).replace(/\r$/, '');
      tampon = tampon.slice(fin + 1);
      traiterLigne(ligne);
    }
  });
}

// Sert un client ; chaque client a sa socket, son tampon et ses événements : aucun n'attend l'autre.
function servirClient(socket: net.Socket, clients: Set<net.Socket>): void {
  // TODO 2 : servir ce client, en même temps que tous les autres.
  // - Ne fermez plus le serveur (pas de serveur.close() ici) : il reste en écoute pour les
  //   clients suivants.
  // - Ajoutez la socket à l'ensemble clients (clients.add) et, à son événement 'close',
  //   retirez-la (clients.delete) : arreterProprement (TODO 3) fermera celles qui restent.
  // - Abonnez-vous à l'événement 'error' de la socket : un client qui disparaît
  //   brutalement (RST, ECONNRESET), même au milieu d'une ligne, ne doit jamais faire
  //   planter le serveur. Une ligne sur stderr suffit.
  // - Appelez decouperLignes(socket, rappel), comme dans la partie II. Pour chaque ligne :
  //   - si c'est exactement « fin », ne la renvoyez pas : fermez proprement cette
  //     connexion-là avec socket.end() (FIN) ; les autres clients continuent ;
  //   - sinon, renvoyez-la suivie de « \n » avec socket.write().
  // - N'attendez jamais un client (pas de boucle qui bloque) : chaque socket a ses propres
  //   événements, et Node appelle vos rappels quand des données arrivent.
  throw new Error('TODO 2 (serveur.ts, servirClient) : renvoyez chaque ligne avec socket.write(), fermez à la ligne « fin » avec socket.end(), sans fermer le serveur.');
}

// Arrêt propre : plus de nouvelle connexion, FIN à chaque client, puis sortie (code 0).
function arreterProprement(serveur: net.Server, clients: Set<net.Socket>): void {
  // TODO 3 : arrêter proprement le serveur (appelée sur SIGINT, c'est-à-dire Ctrl-C, et
  // sur SIGTERM).
  // - serveur.close() : plus aucune nouvelle connexion n'est acceptée.
  // - Pour chaque socket de l'ensemble clients, socket.end() : fermeture propre (FIN).
  // - Un client qui ne ferme pas son côté ne doit pas bloquer l'arrêt : après un court
  //   délai (setTimeout, une seconde par exemple), détruisez les sockets qui restent avec
  //   socket.destroy(). Appelez .unref() sur ce minuteur : lui-même ne doit pas garder le
  //   programme en vie.
  // - Inutile d'appeler process.exit() : le programme se termine de lui-même, avec le
  //   code 0, quand plus rien ne le tient en vie (ni serveur en écoute, ni socket ouverte).
  //   Le tout doit prendre moins de 2 secondes.
  throw new Error('TODO 3 (serveur.ts, arreterProprement) : fermez le serveur avec close() et chaque client avec socket.end(), puis détruisez les sockets qui restent.');
}

const clients = new Set<net.Socket>();
const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(socket, clients));
process.on('SIGINT', () => arreterProprement(serveur, clients));
process.on('SIGTERM', () => arreterProprement(serveur, clients));
