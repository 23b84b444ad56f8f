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
  // TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket.
  // - net.connect({ host: HOTE, port }) renvoie la socket tout de suite ; la connexion
  //   s'établit ensuite (événement 'connect', qui appelle echanger plus bas).
  // - Abonnez-vous à l'événement 'error' de la socket : si err.code vaut 'ECONNREFUSED'
  //   (aucun serveur n'écoute), écrivez sur stderr (console.error) une seule ligne qui
  //   nomme la connexion refusée et l'adresse, par exemple :
  //     Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
  //   Pour toute autre erreur (ECONNRESET…), une ligne avec le code entre parenthèses.
  //   Pas de pile d'appels (pas de throw) ; mettez process.exitCode = 1.
  // - Rien d'autre que les lignes reçues ne doit aller sur stdout.
  throw new Error('TODO 1 (client.ts, seConnecter) : ouvrez la connexion vers 127.0.0.1 avec net.connect() et gérez son événement « error ».');
}

function echanger(socket: net.Socket, message: string): void {
  // TODO 2 : envoyer le message, afficher la ligne de réponse, fermer.
  // - Envoyez le message suivi de « \n » avec socket.write().
  // - socket.setEncoding('utf8'), puis accumulez les morceaux reçus (événement 'data')
  //   jusqu'au premier « \n » : la réponse peut arriver en plusieurs morceaux.
  // - Dès que la ligne est complète, affichez-la sur stdout avec console.log (sans le
  //   « \n », sans rien ajouter), puis fermez proprement avec socket.end() (FIN).
  // - Si le serveur ferme (événement 'end') avant d'avoir envoyé le « \n », affichez ce
  //   qui a été reçu.
  throw new Error('TODO 2 (client.ts, echanger) : envoyez le message suivi de « \\n », affichez la ligne de réponse puis fermez avec socket.end().');
}

const socket = seConnecter(port);
socket.on('connect', () => echanger(socket, message));
