# Partie IV — client de discussion : chacun écrit quand il veut. Deux fils d'exécution : l'un lit
# le clavier, l'autre la socket, sans tour de parole.
# Usage : python3 client.py [port]   (port par défaut : 5050)
import atexit
import errno
import socket
import sys
import threading

try:
    import readline  # ligne en cours de frappe (Linux, macOS) ; absent sous Windows
except ImportError:
    readline = None
try:
    import termios  # réglages du terminal (Linux, macOS) ; absent sous Windows
except ImportError:
    termios = None

HOTE = "127.0.0.1"
# Invite et réaffichage seulement devant une personne, jamais dans les tubes du correcteur.
TERMINAL = sys.stdin.isatty() and sys.stdout.isatty()
INVITE = "> "
if TERMINAL and termios:
    # Fourni : pendant input(), readline met le terminal en mode brut, et le fil du clavier y est
    # peut-être encore quand le programme se termine : à la sortie, le terminal retrouve ses
    # réglages (sinon il n'afficherait plus ce que vous tapez).
    atexit.register(termios.tcsetattr, sys.stdin, termios.TCSADRAIN, termios.tcgetattr(sys.stdin))


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


def lignes_du_clavier():
    # Fourni : chaque ligne tapée, sans sa fin de ligne ; avec l'invite dans un terminal.
    if TERMINAL:
        while True:
            try:
                yield input(INVITE)
            except EOFError:
                print()  # quitte la ligne de l'invite
                return
    else:
        for ligne in sys.stdin:
            yield ligne.rstrip("\r\n")


def fermer_ma_moitie(conn, parti):
    # Fourni : ferme notre moitié de la connexion (FIN), une seule fois, quel que soit le fil.
    if not parti.is_set():
        parti.set()
        try:
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # l'autre côté est déjà parti


def se_connecter(port):
    # TODO 1 : ouvrir la connexion vers HOTE (127.0.0.1), au port donné, et renvoyer la socket
    # (comme dans les parties I et II).
    # - socket.socket(socket.AF_INET, socket.SOCK_STREAM), puis client.connect((HOTE, port)).
    # - ConnectionRefusedError : une seule ligne sur stderr qui nomme la connexion refusée et
    #   l'adresse, par exemple :
    #     Erreur : connexion refusée (ECONNREFUSED) par 127.0.0.1:5050. Le serveur est-il lancé ?
    # - Autre OSError : une ligne sur stderr avec le code entre parenthèses (nom_erreur(err)).
    # - Dans les deux cas, pas de pile d'appels, puis sys.exit(1). Le clavier n'est pas encore
    #   lu (il ne l'est qu'après la connexion, voir le bas du fichier).
    raise NotImplementedError("TODO 1 (client.py, se_connecter) : créez la socket avec socket.socket() et connectez-la avec connect((HOTE, port)), en attrapant ConnectionRefusedError.")


# Clavier → socket, dans un fil à part : chaque ligne tapée part aussitôt, sans attendre de réponse.
def lire_clavier(conn, parti):
    # TODO 2 : envoyer au serveur chaque ligne tapée au clavier, dès qu'elle est tapée. Cette
    # fonction tourne dans son propre fil (voir le bas du fichier) : elle peut attendre le
    # clavier sans empêcher l'autre fil d'afficher les messages qui arrivent.
    # - « for ligne in lignes_du_clavier(): » (fournie) donne chaque ligne tapée, sans sa fin
    #   de ligne, avec l'invite « > » dans un terminal et sans invite dans les tubes du
    #   correcteur. La boucle s'arrête à la fin de l'entrée standard (Ctrl-D ; Ctrl-Z puis
    #   Entrée sous Windows).
    # - Si parti.is_set() (votre moitié est déjà fermée : vous êtes parti), arrêtez-vous : plus
    #   rien n'est envoyé. Sinon, envoyez la ligne suivie de « \n »
    #   (conn.sendall((ligne + "\n").encode("utf-8"))), puis, si c'est exactement « fin »,
    #   fermez votre moitié avec fermer_ma_moitie(conn, parti) (fournie : shutdown(SHUT_WR), une
    #   seule fois) et arrêtez-vous : les messages du serveur continuent d'arriver jusqu'à ce
    #   qu'il ferme la sienne.
    # - À la fin de l'entrée standard, si vous n'êtes pas encore parti, partez comme avec
    #   « fin » : envoyez b"fin\n", puis fermer_ma_moitie(conn, parti).
    # - Une OSError (la connexion est déjà fermée) : arrêtez-vous sans rien dire ; l'autre fil
    #   le signale.
    raise NotImplementedError("TODO 2 (client.py, lire_clavier) : lisez le clavier avec lignes_du_clavier() et envoyez chaque ligne avec sendall() dès qu'elle est tapée.")


# Socket → écran, dans le fil principal : chaque ligne reçue est affichée quand elle arrive.
def afficher_messages(conn, parti):
    # TODO 3 : afficher ce qui arrive du serveur, et réagir à sa façon de partir. Cette fonction
    # tourne dans le fil principal, pendant que l'autre fil lit le clavier.
    # - Un tampon d'octets, comme dans la partie II : à chaque conn.recv(1024), ajoutez le
    #   morceau ; pour chaque ligne complète (jusqu'à b"\n"), décodez-la
    #   (.decode("utf-8")) et retirez le « \r » final s'il y en a un. Pour chaque ligne :
    #   - la ligne exacte « fin » n'est pas un message : fermez votre moitié à votre tour
    #     (fermer_ma_moitie(conn, parti), sans effet si c'est déjà fait), écrivez sur stderr
    #       L'autre côté a quitté la discussion.
    #     puis ignorez tout ce qui suit (continuez seulement à lire jusqu'à b"") ;
    #   - toute autre ligne (« enfin », « la fin du film »…) est un message : écrivez-la sur
    #     stdout, précédée de « [serveur] » et d'une espace, par exemple :
    #       [serveur] salut
    #   Écrivez toujours avec afficher(texte, flux, parti) (TODO 4), qui ménage la ligne en
    #   cours de frappe.
    # - recv() rend b"" quand le serveur a fermé sa moitié (FIN) : sortez de la boucle. Si vous
    #   n'étiez pas parti (parti.is_set() est faux), il est parti sans « fin » : fermez votre
    #   moitié (fermer_ma_moitie) et écrivez sur stderr :
    #     Le serveur a fermé la connexion sans « fin ».
    # - Une OSError (ConnectionResetError : connexion interrompue brutalement, RST) : une seule
    #   ligne sur stderr avec le code entre parenthèses, par exemple :
    #     Erreur : connexion interrompue brutalement (ECONNRESET).
    #   puis sys.exit(1). Pas de pile d'appels.
    # - Au retour de cette fonction, le bas du fichier ferme la socket et le programme se
    #   termine avec le code 0 : le fil du clavier (daemon) ne le retient pas.
    raise NotImplementedError("TODO 3 (client.py, afficher_messages) : lisez la socket avec recv(), affichez chaque ligne reçue et gérez la ligne « fin », b\"\" (FIN) et ConnectionResetError (RST).")


# Écrit une ligne sans abîmer celle que la personne est en train de taper.
def afficher(texte, flux, parti):
    # TODO 4 : écrire texte suivi de « \n » sur flux (sys.stdout pour un message, sys.stderr
    # pour un avis), sans abîmer la ligne que la personne est en train de taper.
    # - Hors terminal (TERMINAL vaut False) : flux.write(texte + "\n"), rien de plus.
    # - Dans un terminal, la ligne du bas contient l'invite et le début de ligne tapé :
    #   - retenez ce début : en_cours = readline.get_line_buffer() si le module readline existe
    #     (Linux, macOS), "" sinon (readline vaut alors None) ;
    #   - effacez la ligne : sys.stdout.write("\r\x1b[K") (retour en début de ligne, puis
    #     effacement jusqu'au bout) ;
    #   - écrivez le texte sur flux ;
    #   - si vous n'êtes pas encore parti (parti.is_set() est faux), redessinez l'invite et le
    #     début de ligne : sys.stdout.write(INVITE + en_cours). Une fois parti, plus d'invite.
    raise NotImplementedError("TODO 4 (client.py, afficher) : écrivez le texte sur flux, et dans un terminal effacez puis redessinez la ligne en cours.")


port = lire_port(*sys.argv[1:2])
conn = se_connecter(port)
print(f"Connecté à {HOTE}:{port}. Tapez vos messages, « fin » pour quitter.", file=sys.stderr)
parti = threading.Event()  # posé quand notre moitié est fermée (FIN envoyé)
# daemon=True : le fil du clavier ne garde pas le programme en vie une fois la connexion fermée.
threading.Thread(target=lire_clavier, args=(conn, parti), daemon=True).start()
try:
    afficher_messages(conn, parti)
except KeyboardInterrupt:
    sys.exit(130)  # Ctrl-C : le système ferme la connexion (FIN)
finally:
    conn.close()
