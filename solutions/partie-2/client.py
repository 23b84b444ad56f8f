# Partie II — client : envoie chaque ligne tapée au clavier, affiche chaque écho.
# Usage : python3 client.py [port]   (port par défaut : 5050)
import errno
import socket
import sys
import threading

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
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect((HOTE, port))
    except ConnectionRefusedError:
        print(f"Erreur : connexion refusée (ECONNREFUSED) par {HOTE}:{port}. Le serveur est-il lancé ?", file=sys.stderr)
        sys.exit(1)
    except OSError as err:
        print(f"Erreur : connexion impossible vers {HOTE}:{port} ({nom_erreur(err)}).", file=sys.stderr)
        sys.exit(1)
    return client


# Clavier → socket, dans un fil à part : le fil principal, lui, attend la socket.
def envoyer_clavier(client, parti):
    try:
        for ligne in sys.stdin:
            ligne = ligne.rstrip("\r\n")
            if ligne == "fin":
                parti.set()
            client.sendall((ligne + "\n").encode("utf-8"))
            if parti.is_set():
                break
        # Après « fin », ou à la fin de l'entrée standard (Ctrl-D, Ctrl-Z) : on ferme notre
        # moitié (FIN) ; les derniers échos arrivent encore et sont affichés.
        parti.set()
        client.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # le serveur est déjà parti : le fil principal le dit


# Socket → écran, dans le fil principal : chaque ligne reçue est affichée, jusqu'au FIN du serveur.
def afficher_lignes_recues(client, parti):
    tampon = b""
    try:
        while True:
            morceau = client.recv(1024)
            if not morceau:
                break  # b"" : le serveur a fermé sa moitié (FIN)
            tampon += morceau
            while b"\n" in tampon:
                ligne, tampon = tampon.split(b"\n", 1)
                print(ligne.decode("utf-8", errors="replace"))
    except OSError as err:
        print(f"Erreur : connexion interrompue ({nom_erreur(err)}).", file=sys.stderr)
        sys.exit(1)
    if not parti.is_set():
        print("Le serveur a fermé la connexion.", file=sys.stderr)


client = se_connecter(lire_port(*sys.argv[1:2]))
parti = threading.Event()  # posé quand on a envoyé « fin » ou atteint la fin de l'entrée standard
# daemon=True : le fil du clavier ne garde pas le programme en vie une fois la connexion fermée.
threading.Thread(target=envoyer_clavier, args=(client, parti), daemon=True).start()
afficher_lignes_recues(client, parti)
client.close()
