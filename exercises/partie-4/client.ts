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
  // TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket
  // (comme dans les parties I et II).
  // - net.connect({ host: HOTE, port }), puis un écouteur de l'événement 'error' pour les
  //   erreurs de la connexion elle-même :
  //   - ECONNREFUSED : une seule ligne sur stderr qui nomme la connexion refusée et
  //     l'adresse, par exemple :
  //       Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
  //   - autre erreur : une ligne sur stderr avec le code entre parenthèses.
  //   Dans les deux cas, process.exitCode = 1. Le clavier n'est pas encore lu (il ne l'est
  //   qu'après la connexion, voir le bas du fichier) : le programme se termine tout seul.
  // - Une fois connecté (événement 'connect'), retirez cet écouteur (socket.off) : les
  //   erreurs suivantes (ECONNRESET…) sont l'affaire d'afficherMessages (TODO 3).
  throw new Error('TODO 1 (client.ts, seConnecter) : ouvrez la connexion vers 127.0.0.1 avec net.connect() et gérez son événement « error ».');
}

// Clavier → socket : chaque ligne tapée part aussitôt, sans attendre de réponse.
function lireClavier(socket: net.Socket): readline.Interface {
  // TODO 2 : envoyer au serveur chaque ligne tapée au clavier, dès qu'elle est tapée.
  // - readline.createInterface({ input: process.stdin, output, terminal: TERMINAL, prompt: '> ' }),
  //   avec output = process.stdout si TERMINAL est vrai, undefined sinon : sans sortie,
  //   readline n'affiche ni invite ni écho (le correcteur ne doit voir aucune invite).
  // - Événement 'line' : si la socket n'est plus ouverte en écriture (socket.writable vaut
  //   false : vous êtes déjà parti), ignorez la ligne. Sinon, envoyez-la suivie de « \n »
  //   (socket.write), puis :
  //   - si c'est exactement « fin », fermez votre moitié avec socket.end() (FIN) : les
  //     messages du serveur continuent d'arriver jusqu'à ce qu'il ferme la sienne ;
  //   - sinon, réaffichez l'invite (clavier.prompt()).
  // - Événement 'close' (fin de l'entrée standard : Ctrl-D ; Ctrl-Z puis Entrée dans une
  //   console Windows sans invite) : si la socket est encore ouverte en écriture, partez
  //   comme avec « fin » : dans un terminal, passez à la ligne (process.stdout.write('\n')),
  //   puis socket.end('fin\n') envoie « fin » et ferme votre moitié.
  //   Attention : 'close' arrive aussi quand terminer() (TODO 5) ferme l'interface ; la
  //   socket est alors fermée et il n'y a rien à envoyer.
  // - Affichez l'invite une première fois (clavier.prompt()), puis renvoyez l'interface.
  throw new Error('TODO 2 (client.ts, lireClavier) : lisez le clavier avec readline.createInterface() et envoyez chaque ligne dès qu\'elle est tapée.');
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
  // TODO 3 : afficher ce qui arrive du serveur, et réagir à sa façon de partir.
  // - decouperLignes(socket, rappel) (fournie, juste au-dessus) appelle le rappel pour
  //   chaque ligne reçue, dans l'ordre. Pour chaque ligne :
  //   - après une ligne « fin », ignorez tout (gardez un booléen) ;
  //   - la ligne exacte « fin » n'est pas un message : fermez votre moitié à votre tour
  //     (socket.end(), sans effet si c'est déjà fait), puis écrivez sur stderr :
  //       L'autre côté a quitté la discussion.
  //   - toute autre ligne (« enfin », « la fin du film »…) est un message : écrivez-la sur
  //     stdout, précédée de « [serveur] » et d'une espace, par exemple :
  //       [serveur] salut
  //   Écrivez toujours avec afficher() (TODO 4), qui ménage la ligne en cours de frappe.
  // - Événement 'end' (le serveur a fermé sa moitié, FIN) : si vous aviez déjà fermé la
  //   vôtre (socket.writableEnded), c'est la réponse attendue à un « fin » : rien à faire.
  //   Sinon, il est parti sans « fin » : fermez votre moitié (socket.end()), puis écrivez
  //   sur stderr :
  //     Le serveur a fermé la connexion sans « fin ».
  // - Événement 'error' (connexion interrompue brutalement, RST) : une seule ligne sur
  //   stderr avec le code entre parenthèses, par exemple :
  //     Erreur : connexion interrompue brutalement (ECONNRESET).
  //   puis process.exitCode = 1. Pas de pile d'appels.
  // - Événement 'close' (connexion fermée dans les deux sens) : terminer(clavier) (TODO 5).
  throw new Error('TODO 3 (client.ts, afficherMessages) : affichez chaque ligne reçue avec decouperLignes() et gérez la ligne « fin » et les événements « end », « error » et « close ».');
}

// Écrit une ligne sans abîmer celle que la personne est en train de taper.
function afficher(socket: net.Socket, clavier: readline.Interface, texte: string, flux: NodeJS.WriteStream): void {
  // TODO 4 : écrire texte suivi de « \n » sur flux (process.stdout pour un message,
  // process.stderr pour un avis), sans abîmer la ligne que la personne est en train de taper.
  // - Hors terminal (TERMINAL vaut false) : flux.write(texte + '\n'), rien de plus.
  // - Dans un terminal, la ligne du bas contient l'invite et le début de ligne tapé :
  //   - effacez-la : readline.clearLine(process.stdout, 0), puis readline.cursorTo(process.stdout, 0) ;
  //   - écrivez le texte ;
  //   - si vous pouvez encore écrire (socket.writable), redessinez l'invite et le début de
  //     ligne avec clavier.prompt(true) (true : le curseur revient où il était). Une fois
  //     parti, plus d'invite : l'interface est peut-être déjà fermée.
  throw new Error('TODO 4 (client.ts, afficher) : écrivez le texte sur flux, et dans un terminal effacez puis redessinez la ligne en cours avec clavier.prompt(true).');
}

// Connexion fermée dans les deux sens : on lâche le clavier, et le programme se termine.
function terminer(clavier: readline.Interface): void {
  // TODO 5 : la connexion est fermée dans les deux sens : laisser le programme se terminer.
  // - Fermez l'interface readline (clavier.close()), puis appelez process.stdin.destroy() :
  //   sinon le clavier garderait le programme en vie.
  // - Le code de sortie est alors 0, sauf si une erreur a mis process.exitCode à 1.
  throw new Error('TODO 5 (client.ts, terminer) : fermez l\'interface readline et appelez process.stdin.destroy().');
}

const socket = seConnecter(port);
socket.on('connect', () => {
  console.error(`Connecté à ${HOTE}:${port}. Tapez vos messages, « fin » pour quitter.`);
  const clavier = lireClavier(socket);
  afficherMessages(socket, clavier);
});
