// Partie IV — client de discussion : chacun écrit quand il veut, le clavier et la socket sont
// écoutés en même temps, sans tour de parole.
// Usage : client.ts [port]   (port par défaut : 5050)
import * as net from 'node:net';
import * as readline from 'node:readline';

const HOTE = '127.0.0.1';
const port = lirePort(process.argv[2]);
// Invite et réaffichage seulement devant une personne, jamais dans les tubes du correcteur.
const TERMINAL = Boolean(process.stdin.isTTY && process.stdout.isTTY);

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
  // Erreurs de la connexion elle-même ; une fois connecté, c'est afficherMessages qui s'en charge.
  const signalerEchec = (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') {
      console.error(`Erreur : connexion refusée (ECONNREFUSED) par ${HOTE}:${port}. Le serveur est-il lancé ?`);
    } else {
      console.error(`Erreur : connexion impossible vers ${HOTE}:${port} (${err.code ?? err.message}).`);
    }
    process.exitCode = 1;
  };
  socket.on('error', signalerEchec);
  socket.once('connect', () => socket.off('error', signalerEchec));
  return socket;
}

// Clavier → socket : chaque ligne tapée part aussitôt, sans attendre de réponse.
function lireClavier(socket: net.Socket): readline.Interface {
  const clavier = readline.createInterface({
    input: process.stdin,
    output: TERMINAL ? process.stdout : undefined, // sans sortie, readline n'écrit rien (ni invite ni écho)
    terminal: TERMINAL,
    prompt: '> ',
  });
  clavier.on('line', (ligne) => {
    if (!socket.writable) return; // déjà parti : plus rien n'est envoyé
    socket.write(ligne + '\n');
    if (ligne === 'fin') {
      socket.end(); // on quitte : fermeture de notre moitié (FIN), les messages arrivent encore
    } else {
      clavier.prompt();
    }
  });
  // Fin de l'entrée standard (Ctrl-D ; Ctrl-Z puis Entrée dans une console Windows sans invite) :
  // on part comme avec « fin ».
  clavier.on('close', () => {
    if (!socket.writable) return; // déjà parti, ou fermeture par terminer()
    if (TERMINAL) process.stdout.write('\n'); // quitte la ligne de l'invite
    socket.end('fin\n');
  });
  clavier.prompt();
  return clavier;
}

// Découpe le flux d'octets en lignes, comme dans la partie II.
function decouperLignes(socket: net.Socket, traiterLigne: (ligne: string) => void): void {
  socket.setEncoding('utf8');
  let tampon = '';
  socket.on('data', (morceau: string) => {
    tampon += morceau;
    let fin: number;
    while ((fin = tampon.indexOf('\n')) !== -1) {
      const ligne = tampon.slice(0, fin).replace(/\r$/, '');
      tampon = tampon.slice(fin + 1);
      traiterLigne(ligne);
    }
  });
}

// Socket → écran : chaque événement de la connexion est traité quand il arrive, clavier ou pas.
function afficherMessages(socket: net.Socket, clavier: readline.Interface): void {
  let finRecue = false;
  decouperLignes(socket, (ligne) => {
    if (finRecue) return; // rien n'est attendu après « fin »
    if (ligne === 'fin') {
      finRecue = true;
      socket.end(); // à notre tour de fermer notre moitié (sans effet si c'est déjà fait)
      afficher(socket, clavier, "L'autre côté a quitté la discussion.", process.stderr);
    } else {
      afficher(socket, clavier, `[serveur] ${ligne}`, process.stdout);
    }
  });
  socket.on('end', () => {
    if (socket.writableEnded) return; // réponse attendue à un « fin », envoyé ou reçu
    socket.end();
    afficher(socket, clavier, 'Le serveur a fermé la connexion sans « fin ».', process.stderr);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    afficher(socket, clavier, `Erreur : connexion interrompue brutalement (${err.code ?? err.message}).`, process.stderr);
    process.exitCode = 1;
  });
  socket.on('close', () => terminer(clavier));
}

// Écrit une ligne sans abîmer celle que la personne est en train de taper.
function afficher(socket: net.Socket, clavier: readline.Interface, texte: string, flux: NodeJS.WriteStream): void {
  if (!TERMINAL) {
    flux.write(texte + '\n');
    return;
  }
  readline.clearLine(process.stdout, 0); // efface l'invite et le début de ligne…
  readline.cursorTo(process.stdout, 0);
  flux.write(texte + '\n');
  // … puis les redessine, curseur compris ; plus d'invite une fois parti (clavier peut-être fermé).
  if (socket.writable) clavier.prompt(true);
}

// Connexion fermée dans les deux sens : on lâche le clavier, et le programme se termine.
function terminer(clavier: readline.Interface): void {
  clavier.close();
  process.stdin.destroy(); // sinon le clavier garderait le programme en vie
}

const socket = seConnecter(port);
socket.on('connect', () => {
  console.error(`Connecté à ${HOTE}:${port}. Tapez vos messages, « fin » pour quitter.`);
  const clavier = lireClavier(socket);
  afficherMessages(socket, clavier);
});
