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


def echanger(client, message):
    try:
        client.sendall((message + "\n").encode("utf-8"))
        # La réponse peut arriver en plusieurs morceaux : on lit jusqu'au premier « \n ».
        recu = b""
        while b"\n" not in recu:
            morceau = client.recv(1024)
            if not morceau:
                break  # b"" : le serveur a fermé avant la fin de la ligne
            recu += morceau
        if b"\n" in recu:
            print(recu.split(b"\n", 1)[0].decode("utf-8", errors="replace"))
        elif recu:
            print(recu.decode("utf-8", errors="replace"))  # réponse sans « \n » final
        # Réponse reçue : fermeture propre (FIN).
        client.shutdown(socket.SHUT_WR)
    except OSError as err:
        print(f"Erreur : connexion interrompue ({nom_erreur(err)}).", file=sys.stderr)
        sys.exit(1)
    finally:
        client.close()


port = lire_port(*sys.argv[1:2])
message = sys.argv[2] if len(sys.argv) > 2 else "bonjour"
client = se_connecter(port)
echanger(client, message)
