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
    # TODO 1 : créer la socket du serveur et la mettre en écoute sur HOTE (127.0.0.1), au port
    # donné (comme dans les parties I et II).
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
    # TODO 2 : accepter les clients, sans fin, et servir chacun dans un fil d'exécution à lui.
    # - Une boucle sans fin : conn, adresse = serveur.accept() attend le client suivant. Ne
    #   fermez plus la socket d'écoute : le serveur reste en écoute pour les clients suivants.
    # - Pour chaque client, démarrez un fil qui le sert :
    #     threading.Thread(target=servir_client, args=(conn, adresse), daemon=True).start()
    #   puis revenez aussitôt à accept(). N'appelez jamais servir_client directement ici : le
    #   fil principal attendrait ce client, et les autres ne seraient pas servis.
    # - daemon=True : un fil de client ne retient pas le programme quand il s'arrête.
    # - La boucle ne s'arrête que par Ctrl-C ou SIGTERM : accept() lève alors KeyboardInterrupt
    #   (voir le bas du fichier). Les signaux n'arrivent qu'au fil principal : gardez accept()
    #   dans ce fil-ci.
    raise NotImplementedError("TODO 2 (serveur.py, accepter_clients) : acceptez les clients en boucle avec serveur.accept() et servez chacun dans un threading.Thread.")


# Sert un client, dans son propre fil : pendant qu'il attend ce client, les autres sont servis.
def servir_client(conn, adresse):
    # TODO 3 : servir ce client, dans son propre fil, en même temps que tous les autres.
    # - Ajoutez conn à l'ensemble clients, sous le verrou (« with verrou: clients.add(conn) ») :
    #   arreter_proprement (TODO 4) fermera celles qui restent. Tous les fils touchent à cet
    #   ensemble : le verrou évite qu'ils le fassent en même temps.
    # - Pour chaque ligne de decouper_lignes(conn) (fournie, juste au-dessus) :
    #   - si c'est exactement b"fin", ne la renvoyez pas : fermez votre moitié de cette
    #     connexion-là (conn.shutdown(socket.SHUT_WR), FIN), lisez jusqu'à ce que recv() rende
    #     b"", puis sortez de la boucle ; les autres clients continuent ;
    #   - sinon, renvoyez-la suivie de b"\n" avec conn.sendall().
    # - Un client qui disparaît brutalement (RST), même au milieu d'une ligne, lève une OSError
    #   (ConnectionResetError, BrokenPipeError) : attrapez-la, une ligne sur stderr suffit. Le
    #   serveur ne doit jamais planter à cause d'un client.
    # - Dans tous les cas (try/finally), retirez conn de l'ensemble (sous le verrou, avec
    #   clients.discard(conn)) puis fermez-la (conn.close()).
    raise NotImplementedError("TODO 3 (serveur.py, servir_client) : renvoyez chaque ligne avec sendall(), fermez à la ligne « fin » avec shutdown(SHUT_WR), et attrapez les OSError.")


# Arrêt propre : plus de nouvelle connexion, FIN à chaque client, puis sortie (code 0).
def arreter_proprement(serveur):
    # TODO 4 : arrêter proprement le serveur (appelée sur Ctrl-C, c'est-à-dire SIGINT, et sur
    # SIGTERM ; voir le bas du fichier).
    # - Ignorez les signaux suivants : signal.signal(signal.SIGINT, signal.SIG_IGN), et de même
    #   pour signal.SIGTERM (un second Ctrl-C ne doit pas interrompre l'arrêt).
    # - serveur.close() : plus aucune nouvelle connexion n'est acceptée.
    # - Pour chaque connexion de l'ensemble clients (copiez-le sous le verrou :
    #   « with verrou: ouvertes = list(clients) »), conn.shutdown(socket.SHUT_WR) : fermeture
    #   propre (FIN). Une OSError veut dire que ce client vient de partir : ignorez-la.
    # - Attendez que les fils des clients se terminent (chacun finit quand son client ferme à
    #   son tour), mais au plus une seconde en tout : un client qui ne ferme pas son côté ne
    #   doit pas bloquer l'arrêt. Par exemple :
    #     limite = time.monotonic() + 1
    #     for fil in threading.enumerate():
    #         if fil is not threading.current_thread():
    #             fil.join(max(0, limite - time.monotonic()))
    # - Inutile d'appeler sys.exit() : le programme se termine ensuite avec le code 0, et le
    #   système ferme les sockets qui restent. Le tout doit prendre moins de 2 secondes.
    raise NotImplementedError("TODO 4 (serveur.py, arreter_proprement) : fermez la socket d'écoute, envoyez un FIN à chaque client avec shutdown(SHUT_WR), puis attendez ses fils une seconde au plus.")


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
