# Partie II — serveur d'écho : renvoie chaque ligne jusqu'à la ligne « fin ».
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
    # TODO 1 : créer la socket du serveur et la mettre en écoute sur HOTE (127.0.0.1), au port
    # donné (comme dans la partie I).
    # - socket.socket(socket.AF_INET, socket.SOCK_STREAM), puis l'option SO_REUSEADDR
    #   (serveur.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)).
    # - serveur.bind((HOTE, port)) : si err.errno vaut errno.EADDRINUSE, une seule ligne sur
    #   stderr avec le port et le code entre parenthèses, par exemple :
    #     Erreur : le port 5050 est déjà utilisé (EADDRINUSE).
    #   Pas de pile d'appels ; sys.exit(1).
    # - serveur.listen(), puis affichez exactement la ligne prête :
    #     Serveur en écoute sur 127.0.0.1:<port>
    # - Renvoyez la socket du serveur.
    raise NotImplementedError("TODO 1 (serveur.py, demarrer_serveur) : créez la socket avec socket.socket(), puis bind((HOTE, port)) et listen().")


# Découpe le flux d'octets en lignes : une lecture rend ce qui est arrivé, pas « un message ».
def decouper_lignes(conn):
    # TODO 3 : découper ce qui arrive sur la connexion en lignes et les donner une à une, dans
    # l'ordre, avec yield (decouper_lignes est un générateur : servir_client le parcourt avec
    # « for ligne in decouper_lignes(conn) »).
    # - Gardez un tampon d'octets (tampon = b""). À chaque conn.recv(1024), ajoutez-y le
    #   morceau reçu, puis, tant que le tampon contient un b"\n", retirez-en la ligne complète
    #   (tampon.split(b"\n", 1)) et donnez-la (yield ligne). Un morceau peut contenir
    #   plusieurs lignes, ou un bout de ligne.
    # - Découpez des octets, pas du texte : un caractère UTF-8 (é, deux octets) coupé entre deux
    #   lectures ne peut pas être décodé seul. Ici, inutile de décoder : on renvoie des octets.
    # - La fin de ligne est b"\n" ; un b"\r" juste avant fait partie de la fin de ligne
    #   (telnet, nc -C) : retirez-le.
    # - recv() rend b"" quand le client a fermé sa moitié de la connexion (FIN) : c'est la fin
    #   du flux, terminez le générateur (return). Sans ce test, la boucle tournerait sans fin.
    #   Ce qui reste dans le tampon sans b"\n" n'est pas une ligne : il est ignoré.
    raise NotImplementedError("TODO 3 (serveur.py, decouper_lignes) : accumulez les morceaux reçus dans un tampon et donnez avec yield chaque ligne terminée par « \\n ».")


def servir_client(serveur):
    # TODO 2 : accepter et servir l'unique client de cette partie.
    # - conn, adresse = serveur.accept(), puis serveur.close() : un seul client (rester en vie
    #   pour les suivants, c'est la partie III).
    # - Pour chaque ligne de decouper_lignes(conn) (TODO 3) :
    #   - si c'est exactement b"fin", ne la renvoyez pas : fermez votre moitié proprement
    #     (conn.shutdown(socket.SHUT_WR) envoie le FIN), puis lisez jusqu'à ce que recv() rende
    #     b"" (le client ferme à son tour) et sortez de la boucle. Fermer une socket qui a encore
    #     des octets non lus enverrait un RST au lieu d'une fermeture propre ;
    #   - sinon, renvoyez-la suivie de b"\n" avec conn.sendall().
    # - Un client qui disparaît (RST) lève une OSError (ConnectionResetError, BrokenPipeError) :
    #   attrapez-la, une ligne sur stderr suffit ; le serveur ne doit jamais planter.
    # - Pour finir, conn.close() ; le programme se termine alors avec le code 0.
    raise NotImplementedError("TODO 2 (serveur.py, servir_client) : acceptez le client avec serveur.accept(), renvoyez chaque ligne avec sendall() et fermez avec shutdown(SHUT_WR) à la ligne « fin ».")


serveur = demarrer_serveur(lire_port(*sys.argv[1:2]))
servir_client(serveur)
