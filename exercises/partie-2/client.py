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
    # TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket
    # (comme dans la partie I).
    # - socket.socket(socket.AF_INET, socket.SOCK_STREAM), puis client.connect((HOTE, port)).
    # - ConnectionRefusedError : une seule ligne sur stderr qui nomme la connexion refusée et
    #   l'adresse, par exemple :
    #     Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
    # - Autre OSError : une ligne sur stderr avec le code entre parenthèses (nom_erreur(err)).
    # - Dans les deux cas, pas de pile d'appels, puis sys.exit(1).
    raise NotImplementedError("TODO 1 (client.py, se_connecter) : créez la socket avec socket.socket() et connectez-la avec connect((HOTE, port)), en attrapant ConnectionRefusedError.")


# Clavier → socket, dans un fil à part (voir le bas du fichier) : le fil principal attend la socket.
def envoyer_clavier(client, parti):
    # TODO 2 : envoyer chaque ligne tapée au clavier, et fermer votre moitié au bon moment.
    # - « for ligne in sys.stdin: » lit le clavier ligne par ligne ; la boucle s'arrête à la fin
    #   de l'entrée standard (Ctrl-D sous Linux et macOS, Ctrl-Z puis Entrée sous Windows).
    #   Chaque ligne lue finit par « \n » : retirez-le (ligne.rstrip("\r\n")).
    # - Envoyez chaque ligne suivie de « \n » (client.sendall((ligne + "\n").encode("utf-8"))).
    # - Après avoir envoyé la ligne « fin », ou à la fin de l'entrée standard, fermez votre
    #   moitié avec client.shutdown(socket.SHUT_WR) (FIN), une seule fois, et n'envoyez plus
    #   rien : les derniers échos arrivent encore et sont affichés par l'autre fil.
    # - parti est un threading.Event : appelez parti.set() avant d'envoyer « fin » (ou avant de
    #   fermer à la fin de l'entrée standard) ; l'autre fil saura ainsi que c'est vous qui êtes
    #   parti, et non le serveur.
    # - Si le serveur est déjà parti, sendall() lève une OSError : attrapez-la et arrêtez-vous
    #   sans rien dire (l'autre fil le signale).
    raise NotImplementedError("TODO 2 (client.py, envoyer_clavier) : lisez le clavier avec « for ligne in sys.stdin », envoyez chaque ligne et fermez avec shutdown(SHUT_WR) après « fin ».")


# Socket → écran, dans le fil principal : chaque ligne reçue est affichée, jusqu'au FIN du serveur.
def afficher_lignes_recues(client, parti):
    # TODO 3 : afficher sur stdout chaque ligne reçue du serveur, une par ligne.
    # - Un tampon d'octets, comme dans le serveur : à chaque client.recv(1024), ajoutez le
    #   morceau ; tant que le tampon contient un b"\n", affichez la ligne décodée
    #   (print(ligne.decode("utf-8"))) et retirez-la du tampon.
    # - recv() rend b"" quand le serveur a fermé (FIN) : sortez de la boucle. Si vous n'étiez
    #   pas parti vous-même (parti.is_set() est faux), écrivez sur stderr :
    #     Le serveur a fermé la connexion.
    # - Une OSError (ConnectionResetError : fermeture brutale, RST) : une ligne sur stderr avec
    #   le code, puis sys.exit(1).
    # - stdout ne contient que les lignes reçues, rien d'autre.
    raise NotImplementedError("TODO 3 (client.py, afficher_lignes_recues) : accumulez les morceaux reçus avec recv() et affichez chaque ligne terminée par « \\n » avec print().")


client = se_connecter(lire_port(*sys.argv[1:2]))
parti = threading.Event()  # posé quand on a envoyé « fin » ou atteint la fin de l'entrée standard
# Deux choses à attendre en même temps, le clavier et la socket : un fil d'exécution pour
# chacune. daemon=True : le fil du clavier ne garde pas le programme en vie une fois la
# connexion fermée (sinon, il attendrait une ligne au clavier pour toujours).
threading.Thread(target=envoyer_clavier, args=(client, parti), daemon=True).start()
afficher_lignes_recues(client, parti)
client.close()
