# Partie III — serveur d'écho pour plusieurs clients : il reste en écoute et sert chaque client
# dans un fil d'exécution (thread) à lui, jusqu'à ce qu'on l'arrête (Ctrl-C, SIGTERM).
# Usage : python3 serveur.py [port]   (port par défaut : 5050)
import errno
import signal
import socket
import sys
import threading
import time

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


# Découpe le flux d'octets en lignes. Fourni : c'est votre découpage de la partie II.
def decouper_lignes(conn):
    tampon = b""
    while True:
        morceau = conn.recv(1024)
        if not morceau:
            return
        tampon += morceau
        while b"\n" in tampon:
            ligne, tampon = tampon.split(b"\n", 1)
            if ligne.endswith(b"\r"):
                ligne = ligne[:-1]
            yield ligne


# Les connexions ouvertes, pour l'arrêt ; le verrou les protège, car chaque fil y touche.
clients = set()
verrou = threading.Lock()


# Le fil principal ne fait qu'accepter : chaque client est servi par un fil à lui.
def accepter_clients(serveur):
    while True:
        conn, adresse = serveur.accept()
        # daemon=True : un fil de client ne retient pas le programme à l'arrêt.
        threading.Thread(target=servir_client, args=(conn, adresse), daemon=True).start()


# Sert un client, dans son propre fil : pendant qu'il attend ce client, les autres sont servis.
def servir_client(conn, adresse):
    qui = f"{adresse[0]}:{adresse[1]}"
    with verrou:
        clients.add(conn)
    print(f"Client connecté : {qui}")
    try:
        for ligne in decouper_lignes(conn):
            if ligne == b"fin":
                # Ce client seulement : FIN, puis lire jusqu'à son FIN ; le serveur reste en écoute.
                conn.shutdown(socket.SHUT_WR)
                while conn.recv(1024):
                    pass
                break
            conn.sendall(ligne + b"\n")
    except OSError as err:
        print(f"Client {qui} parti brutalement ({nom_erreur(err)}).", file=sys.stderr)
    finally:
        with verrou:
            clients.discard(conn)
        conn.close()
        print(f"Client parti : {qui}")


# Arrêt propre : plus de nouvelle connexion, FIN à chaque client, puis sortie (code 0).
def arreter_proprement(serveur):
    # Un second Ctrl-C pendant l'arrêt ne doit pas l'interrompre.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    serveur.close()
    with verrou:
        ouvertes = list(clients)
    for conn in ouvertes:
        try:
            conn.shutdown(socket.SHUT_WR)  # fermeture propre (FIN)
        except OSError:
            pass  # ce client vient de partir
    # Chaque fil finit quand son client a fermé à son tour ; un client muet ne retient pas
    # l'arrêt plus d'une seconde : à la sortie, le système ferme les sockets qui restent.
    limite = time.monotonic() + 1
    for fil in threading.enumerate():
        if fil is not threading.current_thread():
            fil.join(max(0, limite - time.monotonic()))


def sur_sigterm(signum, trame):
    # SIGTERM terminerait Python sur-le-champ, sans rien fermer : on le traite comme Ctrl-C.
    raise KeyboardInterrupt


# Le gestionnaire est en place avant la ligne prête : un SIGTERM peut arriver dès qu'elle est lue.
signal.signal(signal.SIGTERM, sur_sigterm)
serveur = demarrer_serveur(lire_port(*sys.argv[1:2]))
try:
    accepter_clients(serveur)
except KeyboardInterrupt:  # Ctrl-C (SIGINT), ou SIGTERM
    arreter_proprement(serveur)
