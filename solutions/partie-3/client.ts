// Partie III — client : le même que celui de la partie II (fourni), pour essayer le serveur.
// Usage : client.ts [port]   (port par défaut : 5050)
import * as net from 'node:net';
import * as readline from 'node:readline';

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

function seConnecter(port: number): net.Socket {
  const socket = net.connect({ host: HOTE, port });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') {
      console.error(`Erreur : connexion refusée (ECONNREFUSED) par ${HOTE}:${port}. Le serveur est-il lancé ?`);
    } else {
      console.error(`Erreur : connexion interrompue (${err.code ?? err.message}).`);
    }
    process.exitCode = 1;
    process.stdin.destroy();
  });
  return socket;
}

function afficherLignesRecues(socket: net.Socket): void {
  socket.setEncoding('utf8');
  let tampon = '';
  socket.on('data', (morceau: string) => {
    tampon += morceau;
    let fin: number;
    while ((fin = tampon.indexOf('\n')) !== -1) {
      console.log(tampon.slice(0, fin));
      tampon = tampon.slice(fin + 1);
    }
  });
}

function envoyerClavier(socket: net.Socket): void {
  const clavier = readline.createInterface({ input: process.stdin });
  let termine = false;
  const terminer = () => {
    if (termine) return;
    termine = true;
    socket.end(); // fermeture propre (FIN) ; les derniers échos arrivent encore
  };
  clavier.on('line', (ligne) => {
    if (termine) return;
    socket.write(ligne + '\n');
    if (ligne === 'fin') terminer();
  });
  clavier.on('close', terminer); // fin de l'entrée standard (Ctrl-D, Ctrl-Z)
  socket.on('end', () => {
    if (!termine) console.error('Le serveur a fermé la connexion.');
    termine = true;
    clavier.close();
    process.stdin.destroy(); // sinon le clavier garderait le programme en vie
  });
}

const socket = seConnecter(port);
afficherLignesRecues(socket);
envoyerClavier(socket);
