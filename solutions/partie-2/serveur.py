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
    serveur = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    serveur.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        serveur.bind((HOTE, port))
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            print(f"Erreur : le port {port} est déjà utilisé (EADDRINUSE).", file=sys.stderr)
        else:
            print(f"Erreur du serveur : {err.strerror} ({nom_erreur(err)}).", file=sys.stderr)
        sys.exit(1)
    serveur.listen()
    print(f"Serveur en écoute sur {HOTE}:{port}")
    return serveur


# Découpe le flux d'octets en lignes : une lecture rend ce qui est arrivé, pas « un message ».
def decouper_lignes(conn):
    # Le tampon garde des octets : un caractère UTF-8 coupé entre deux lectures attend la suite.
    tampon = b""
    while True:
        morceau = conn.recv(1024)
        if not morceau:
            return  # b"" : le client a fermé sa moitié (FIN) ; un morceau sans « \n » est ignoré
        tampon += morceau
        while b"\n" in tampon:
            ligne, tampon = tampon.split(b"\n", 1)
            if ligne.endswith(b"\r"):
                ligne = ligne[:-1]
            yield ligne


def servir_client(serveur):
    conn, adresse = serveur.accept()
    serveur.close()  # un seul client dans cette partie
    with conn:
        try:
            for ligne in decouper_lignes(conn):
                if ligne == b"fin":
                    # Fermeture propre (FIN), sans écho ; puis lire jusqu'au FIN du client : fermer
                    # une socket qui a encore des octets non lus enverrait un RST.
                    conn.shutdown(socket.SHUT_WR)
                    while conn.recv(1024):
                        pass
                    break
                conn.sendall(ligne + b"\n")
        except OSError as err:
            print(f"Connexion interrompue brutalement ({nom_erreur(err)}).", file=sys.stderr)
    print("Client parti.")


serveur = demarrer_serveur(lire_port(*sys.argv[1:2]))
servir_client(serveur)
