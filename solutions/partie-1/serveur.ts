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
  const serveur = net.createServer();
  serveur.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') {
      console.error(`Erreur : le port ${port} est déjà utilisé (EADDRINUSE).`);
    } else {
      console.error(`Erreur du serveur : ${err.message} (${err.code ?? 'inconnue'}).`);
    }
    process.exitCode = 1;
  });
  // listen() fait bind() puis listen() : la file d'attente des connexions existe dès ici.
  serveur.listen(port, HOTE, () => {
    console.log(`Serveur en écoute sur ${HOTE}:${port}`);
  });
  return serveur;
}

function servirClient(serveur: net.Server, socket: net.Socket): void {
  // Un seul client : on n'accepte plus de nouvelle connexion.
  serveur.close();
  socket.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Connexion interrompue : ${err.message} (${err.code ?? 'inconnue'}).`);
  });
  socket.setEncoding('utf8');
  socket.once('data', (message: string) => {
    const texte = message.replace(/\r?\n$/, '');
    console.log(`Reçu : ${texte}`);
    // Répondre puis fermer proprement : end() envoie la réponse puis un FIN.
    socket.end(texte.toUpperCase() + '\n');
  });
}

const serveur = demarrerServeur(port);
serveur.on('connection', (socket) => servirClient(serveur, socket));
