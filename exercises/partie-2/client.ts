// Partie II — client : envoie chaque ligne tapée au clavier, affiche chaque écho.
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
  // TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket
  // (comme dans la partie I).
  // - net.connect({ host: HOTE, port }), puis un abonnement à l'événement 'error' :
  //   - ECONNREFUSED : une seule ligne sur stderr qui nomme la connexion refusée et
  //     l'adresse, par exemple :
  //       Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
  //   - autre erreur (ECONNRESET…) : une ligne sur stderr avec le code entre parenthèses.
  //   Dans les deux cas, process.exitCode = 1, puis process.stdin.destroy() : sinon le
  //   clavier garderait le programme en vie.
  throw new Error('TODO 1 (client.ts, seConnecter) : ouvrez la connexion vers 127.0.0.1 avec net.connect() et gérez son événement « error ».');
}

function afficherLignesRecues(socket: net.Socket): void {
  // TODO 2 : afficher sur stdout chaque ligne reçue du serveur, une par ligne.
  // - socket.setEncoding('utf8'), puis un tampon : à chaque événement 'data', ajoutez le
  //   morceau, et tant que le tampon contient un « \n », affichez la ligne avec
  //   console.log (sans le « \n ») et retirez-la du tampon.
  // - stdout ne contient que les lignes reçues, rien d'autre.
  throw new Error('TODO 2 (client.ts, afficherLignesRecues) : accumulez les morceaux reçus et affichez chaque ligne terminée par « \\n » avec console.log.');
}

function envoyerClavier(socket: net.Socket): void {
  // TODO 3 : envoyer chaque ligne tapée au clavier, et fermer au bon moment.
  // - readline.createInterface({ input: process.stdin }) donne une interface qui émet
  //   'line' pour chaque ligne lue, et 'close' à la fin de l'entrée standard (Ctrl-D sous
  //   Linux et macOS, Ctrl-Z puis Entrée sous Windows).
  // - Chaque ligne est envoyée suivie de « \n » (socket.write).
  // - Après avoir envoyé la ligne « fin », ou à la fin de l'entrée standard, fermez votre
  //   côté avec socket.end() (FIN), une seule fois, et n'envoyez plus rien : les derniers
  //   échos arrivent encore et sont affichés.
  // - Quand le serveur ferme (événement 'end' de la socket) : si vous n'aviez pas encore
  //   fermé, écrivez sur stderr « Le serveur a fermé la connexion. » ; dans tous les cas,
  //   fermez l'interface readline et appelez process.stdin.destroy() (sinon le clavier
  //   garderait le programme en vie).
  throw new Error('TODO 3 (client.ts, envoyerClavier) : lisez le clavier avec readline.createInterface(), envoyez chaque ligne et fermez avec socket.end() après « fin ».');
}

const socket = seConnecter(port);
afficherLignesRecues(socket);
envoyerClavier(socket);
