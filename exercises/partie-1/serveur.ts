// Partie I — serveur : écoute, accepte un seul client, échange un message, ferme.
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
  // TODO 1 : créer le serveur et le mettre en écoute sur HOTE (127.0.0.1), au port donné.
  // - Créez le serveur avec net.createServer() (sans argument : les connexions sont
  //   traitées plus bas, par serveur.on('connection', ...), qui appelle servirClient).
  // - Avant d'écouter, abonnez-vous à l'événement 'error' du serveur : si err.code vaut
  //   'EADDRINUSE' (port déjà utilisé), écrivez sur stderr (console.error) une seule ligne
  //   qui contient le port et le code entre parenthèses, par exemple :
  //     Erreur : le port 5050 est déjà utilisé (EADDRINUSE).
  //   Pas de pile d'appels (pas de throw) ; mettez process.exitCode = 1.
  // - Mettez le serveur en écoute avec serveur.listen(port, HOTE, rappel) : listen() fait
  //   bind() puis listen(). Dans le rappel, et seulement là, affichez sur stdout la ligne
  //   prête, exactement :
  //     Serveur en écoute sur 127.0.0.1:<port>
  // - Renvoyez le serveur (return serveur).
  throw new Error('TODO 1 (serveur.ts, demarrerServeur) : créez le serveur avec net.createServer() et mettez-le en écoute sur 127.0.0.1 avec listen().');
}

function servirClient(serveur: net.Server, socket: net.Socket): void {
  // TODO 2 : servir l'unique client de cette partie (socket est la connexion acceptée).
  // - Un seul client : appelez serveur.close() pour ne plus accepter de connexion
  //   (la connexion en cours continue ; le programme s'arrêtera quand elle sera fermée).
  // - Abonnez-vous à l'événement 'error' de la socket (un client qui disparaît
  //   brutalement, RST, donne ECONNRESET) : une ligne sur stderr, sans planter.
  // - socket.setEncoding('utf8') : les données arrivent alors en chaînes, pas en Buffer.
  // - Lisez le message avec socket.once('data', rappel) : dans cette partie, la première
  //   donnée reçue suffit (le message est court et envoyé en une seule écriture).
  // - Retirez le « \n » ou « \r\n » final, puis affichez sur stdout « Reçu : <message> ».
  // - Répondez le message en MAJUSCULES suivi de « \n » (bonjour → BONJOUR) et fermez
  //   proprement (FIN) : socket.end(reponse) envoie la réponse puis le FIN.
  throw new Error('TODO 2 (serveur.ts, servirClient) : lisez le message du client, renvoyez-le en majuscules puis fermez avec socket.end().');
}

const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(serveur, socket));
