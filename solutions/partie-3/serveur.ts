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
  const serveur = net.createServer();
  serveur.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') {
      console.error(`Erreur : le port ${port} est déjà utilisé (EADDRINUSE).`);
    } else {
      console.error(`Erreur du serveur : ${err.message} (${err.code ?? 'inconnue'}).`);
    }
    process.exitCode = 1;
  });
  serveur.listen(port, HOTE, () => {
    console.log(`Serveur en écoute sur ${HOTE}:${port}`);
  });
  return serveur;
}

// Découpe le flux d'octets en lignes, comme dans la partie II.
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
  clients.add(socket);
  const qui = `${socket.remoteAddress}:${socket.remotePort}`;
  console.log(`Client connecté : ${qui}`);
  socket.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Client ${qui} parti brutalement (${err.code ?? err.message}).`);
  });
  socket.on('close', () => {
    clients.delete(socket);
    console.log(`Client parti : ${qui}`);
  });
  decouperLignes(socket, (ligne) => {
    if (ligne === 'fin') {
      socket.end(); // ce client seulement ; le serveur reste en écoute
    } else {
      socket.write(ligne + '\n');
    }
  });
}

// Arrêt propre : plus de nouvelle connexion, FIN à chaque client, puis sortie (code 0).
function arreterProprement(serveur: net.Server, clients: Set<net.Socket>): void {
  serveur.close();
  for (const socket of clients) socket.end();
  // Un client qui ne ferme pas son côté ne doit pas bloquer l'arrêt.
  setTimeout(() => {
    for (const socket of clients) socket.destroy();
  }, 1000).unref();
}

const clients = new Set<net.Socket>();
const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(socket, clients));
process.on('SIGINT', () => arreterProprement(serveur, clients));
process.on('SIGTERM', () => arreterProprement(serveur, clients));
