# Partie I — client : se connecte, envoie un message, affiche la réponse, ferme.
# Usage : python3 client.py [port] [message]   (par défaut : 5050 et « bonjour »)
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


def se_connecter(port):
    # TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket.
    # - client = socket.socket(socket.AF_INET, socket.SOCK_STREAM), puis
    #   client.connect((HOTE, port)) : connect() attend que la connexion soit établie.
    # - Si aucun serveur n'écoute, connect() lève ConnectionRefusedError (ECONNREFUSED) :
    #   écrivez sur stderr (print(..., file=sys.stderr)) une seule ligne qui nomme la
    #   connexion refusée et l'adresse, par exemple :
    #     Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
    #   Pour toute autre OSError, une ligne avec le code entre parenthèses (nom_erreur(err)).
    #   Pas de pile d'appels (attrapez l'exception) ; puis sys.exit(1).
    # - Rien d'autre que la ligne reçue ne doit aller sur stdout.
    raise NotImplementedError("TODO 1 (client.py, se_connecter) : créez la socket avec socket.socket() et connectez-la avec connect((HOTE, port)), en attrapant ConnectionRefusedError.")


def echanger(client, message):
    # TODO 2 : envoyer le message, afficher la ligne de réponse, fermer.
    # - Envoyez le message suivi de « \n » : client.sendall((message + "\n").encode("utf-8")).
    # - La réponse peut arriver en plusieurs morceaux : accumulez ce que rend client.recv(1024)
    #   dans un tampon (des bytes) jusqu'au premier « \n ». recv() rend b"" quand le serveur
    #   a fermé : arrêtez-vous alors aussi.
    # - Affichez sur stdout la ligne reçue, décodée, sans le « \n » et sans rien ajouter
    #   (print(ligne)) ; si le serveur a fermé avant le « \n », affichez ce qui a été reçu.
    # - Fermez proprement (FIN) : client.shutdown(socket.SHUT_WR), puis client.close().
    # - Une OSError (ConnectionResetError…) pendant l'échange : une ligne sur stderr avec le
    #   code, puis sys.exit(1).
    raise NotImplementedError("TODO 2 (client.py, echanger) : envoyez le message suivi de « \\n » avec sendall(), affichez la ligne de réponse puis fermez avec shutdown(SHUT_WR).")


port = lire_port(*sys.argv[1:2])
message = sys.argv[2] if len(sys.argv) > 2 else "bonjour"
client = se_connecter(port)
echanger(client, message)
