# Partie I — serveur : écoute, accepte un seul client, échange un message, ferme.
# Usage : python3 serveur.py [port]   (port par défaut : 5050)
import errno
import socket
import sys

HOTE = "127.0.0.1"


def lire_port(texte="5050"):
    # Fourni : le port donné sur la ligne de commande (5050 par défaut), un entier de 1 à 65535.
    # Un port invalide (« abc ») est dit en une ligne, avant toute connexion.
    if not (texte.isascii() and texte.isdigit()) or not 1 <= int(texte) <= 65535:
        print(f"Erreur : port invalide « {texte} » : donnez un nombre entier de 1 à 65535, par exemple 5050.", file=sys.stderr)
        sys.exit(1)
    return int(texte)


def nom_erreur(err):
    # Fourni : le nom du code d'erreur (ECONNRESET, EADDRINUSE…) d'une OSError.
    return errno.errorcode.get(err.errno, str(err.errno)) if err.errno else type(err).__name__


def demarrer_serveur(port):
    # TODO 1 : créer la socket du serveur et la mettre en écoute sur HOTE (127.0.0.1), au port donné.
    # - socket.socket(socket.AF_INET, socket.SOCK_STREAM) crée une socket TCP (IPv4).
    # - serveur.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) : sans cette option, le
    #   port reste pris une minute environ après l'arrêt du serveur (état TIME_WAIT).
    # - serveur.bind((HOTE, port)) réserve l'adresse. Si le port est déjà utilisé, bind() lève
    #   une OSError dont err.errno vaut errno.EADDRINUSE : écrivez alors sur stderr
    #   (print(..., file=sys.stderr)) une seule ligne qui contient le port et le code entre
    #   parenthèses, par exemple :
    #     Erreur : le port 5050 est déjà utilisé (EADDRINUSE).
    #   puis sys.exit(1). Pas de pile d'appels : attrapez l'exception (try/except OSError).
    # - serveur.listen() crée la file d'attente des connexions. Ensuite, et seulement ensuite,
    #   affichez sur stdout la ligne prête, exactement :
    #     Serveur en écoute sur 127.0.0.1:<port>
    # - Renvoyez la socket du serveur (return serveur).
    raise NotImplementedError("TODO 1 (serveur.py, demarrer_serveur) : créez la socket avec socket.socket(), puis bind((HOTE, port)) et listen().")


def servir_client(serveur):
    # TODO 2 : accepter et servir l'unique client de cette partie.
    # - conn, adresse = serveur.accept() attend un client et renvoie la socket de la connexion.
    # - Un seul client : fermez la socket d'écoute (serveur.close()) ; la connexion continue.
    # - Lisez le message avec conn.recv(1024) : dans cette partie, la première lecture suffit
    #   (le message est court et envoyé en une seule écriture). recv() rend des octets (bytes) :
    #   décodez-les avec .decode("utf-8").
    # - Retirez le « \n » ou « \r\n » final, puis affichez sur stdout « Reçu : <message> ».
    # - Répondez le message en MAJUSCULES suivi de « \n » (bonjour → BONJOUR) :
    #   conn.sendall((reponse + "\n").encode("utf-8")).
    # - Fermez proprement (FIN) : conn.shutdown(socket.SHUT_WR), puis conn.close().
    # - Un client qui disparaît brutalement (RST) lève une OSError (ConnectionResetError) :
    #   attrapez-la et écrivez une ligne sur stderr, sans planter.
    raise NotImplementedError("TODO 2 (serveur.py, servir_client) : acceptez le client avec serveur.accept(), renvoyez son message en majuscules puis fermez avec shutdown(SHUT_WR).")


serveur = demarrer_serveur(lire_port(*sys.argv[1:2]))
servir_client(serveur)
