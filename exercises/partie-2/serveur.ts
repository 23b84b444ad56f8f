// Partie II — serveur d'écho : renvoie chaque ligne jusqu'à la ligne « fin ».
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
  // (comme dans la partie I).
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

// Découpe le flux d'octets en lignes : une lecture rend ce qui est arrivé, pas « un message ».
function decouperLignes(socket: net.Socket, traiterLigne: (ligne: string) => void): void {
  // TODO 3 : découper ce qui arrive sur la socket en lignes et appeler traiterLigne(ligne)
  // pour chacune, dans l'ordre.
  // - socket.setEncoding('utf8') : un caractère UTF-8 (é) coupé entre deux lectures est
  //   gardé jusqu'au morceau suivant.
  // - Gardez un tampon (une chaîne) : à chaque événement 'data', ajoutez-y le morceau,
  //   puis, tant que le tampon contient un « \n », retirez-en la ligne complète et
  //   appelez traiterLigne. Un morceau peut contenir plusieurs lignes, ou un bout de ligne.
  // - La fin de ligne est « \n » ; un « \r » juste avant fait partie de la fin de ligne
  //   (telnet, nc -C) : retirez-le.
  // - Ce qui reste dans le tampon sans « \n » n'est pas (encore) une ligne.
  // - Une fois la connexion fermée par le serveur (socket.writableEnded vaut true), ne
  //   traitez plus aucune ligne : ce qui suit la ligne « fin » est ignoré.
  throw new Error('TODO 3 (serveur.ts, decouperLignes) : accumulez les morceaux reçus dans un tampon et appelez traiterLigne pour chaque ligne terminée par « \\n ».');
}

function servirClient(serveur: net.Server, socket: net.Socket): void {
  // TODO 2 : servir l'unique client de cette partie.
  // - serveur.close() : un seul client (rester en vie pour les suivants, c'est la partie III).
  // - Abonnez-vous à l'événement 'error' de la socket : un client qui disparaît (RST,
  //   ECONNRESET) ne doit jamais faire planter le serveur. Une ligne sur stderr suffit.
  // - Appelez decouperLignes(socket, rappel) (TODO 3). Pour chaque ligne :
  //   - si c'est exactement « fin », ne la renvoyez pas : fermez proprement avec
  //     socket.end() (FIN) ;
  //   - sinon, renvoyez-la suivie de « \n » avec socket.write().
  throw new Error('TODO 2 (serveur.ts, servirClient) : renvoyez chaque ligne du client suivie de « \\n » et fermez avec socket.end() à la ligne « fin ».');
}

const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(serveur, socket));
