// Partie I — client : se connecte, envoie un message, affiche la réponse, ferme.
// Usage : client.ts [port] [message]   (par défaut : 5050 et « bonjour »)
import * as net from 'node:net';

const HOTE = '127.0.0.1';
const port = lirePort(process.argv[2]);
const message = process.argv[3] ?? 'bonjour';

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

function seConnecter(port: number): net.Socket {
  const socket = net.connect({ host: HOTE, port });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') {
      console.error(`Erreur : connexion refusée (ECONNREFUSED) par ${HOTE}:${port}. Le serveur est-il lancé ?`);
    } else {
      console.error(`Erreur : ${err.message} (${err.code ?? 'inconnue'}).`);
    }
    process.exitCode = 1;
  });
  return socket;
}

function echanger(socket: net.Socket, message: string): void {
  socket.write(message + '\n');
  socket.setEncoding('utf8');
  let recu = '';
  socket.on('data', (morceau: string) => {
    recu += morceau;
    const fin = recu.indexOf('\n');
    if (fin !== -1) {
      console.log(recu.slice(0, fin));
      recu = '';
      socket.end(); // réponse reçue : fermeture propre (FIN)
    }
  });
  socket.on('end', () => {
    if (recu !== '') console.log(recu); // réponse sans « \n » final
  });
}

const socket = seConnecter(port);
socket.on('connect', () => echanger(socket, message));
