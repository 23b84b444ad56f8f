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

// Découpe le flux d'octets en lignes : une lecture rend ce qui est arrivé, pas « un message ».
function decouperLignes(socket: net.Socket, traiterLigne: (ligne: string) => void): void {
  // setEncoding garde les octets d'un caractère UTF-8 coupé en deux jusqu'au morceau suivant.
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

function servirClient(serveur: net.Server, socket: net.Socket): void {
  serveur.close(); // un seul client dans cette partie
  socket.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Connexion interrompue brutalement (${err.code ?? err.message}).`);
  });
  socket.on('close', () => console.log('Client parti.'));
  decouperLignes(socket, (ligne) => {
    if (ligne === 'fin') {
      socket.end(); // fermeture propre (FIN), sans écho
    } else {
      socket.write(ligne + '\n');
    }
  });
}

const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(serveur, socket));
