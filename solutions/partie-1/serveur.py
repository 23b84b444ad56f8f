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
    serveur = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Relancer le serveur aussitôt sur le même port, sans attendre la fin de TIME_WAIT (Node le fait seul).
    serveur.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        serveur.bind((HOTE, port))
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            print(f"Erreur : le port {port} est déjà utilisé (EADDRINUSE).", file=sys.stderr)
        else:
            print(f"Erreur du serveur : {err.strerror} ({nom_erreur(err)}).", file=sys.stderr)
        sys.exit(1)
    # La file d'attente des connexions existe dès listen() : la ligne prête vient après.
    serveur.listen()
    print(f"Serveur en écoute sur {HOTE}:{port}")
    return serveur


def servir_client(serveur):
    conn, adresse = serveur.accept()
    # Un seul client : on n'accepte plus de nouvelle connexion.
    serveur.close()
    with conn:
        try:
            donnees = conn.recv(1024)
            texte = donnees.decode("utf-8", errors="replace")
            if texte.endswith("\r\n"):
                texte = texte[:-2]
            elif texte.endswith("\n"):
                texte = texte[:-1]
            print(f"Reçu : {texte}")
            # Répondre puis fermer proprement : shutdown(SHUT_WR) envoie le FIN après la réponse.
            conn.sendall((texte.upper() + "\n").encode("utf-8"))
            conn.shutdown(socket.SHUT_WR)
        except OSError as err:
            print(f"Connexion interrompue : {err.strerror} ({nom_erreur(err)}).", file=sys.stderr)


serveur = demarrer_serveur(lire_port(*sys.argv[1:2]))
servir_client(serveur)
