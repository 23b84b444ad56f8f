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


# Clavier → socket, dans un fil à part : chaque ligne tapée part aussitôt, sans attendre de réponse.
def lire_clavier(conn, parti):
    try:
        for ligne in lignes_du_clavier():
            if parti.is_set():
                return  # déjà parti : plus rien n'est envoyé
            if ligne == "fin":
                fin_envoyee.set()  # avant l'envoi : le FIN qui répond à notre « fin » n'est pas un départ sans « fin »
            conn.sendall((ligne + "\n").encode("utf-8"))
            if ligne == "fin":
                fermer_ma_moitie(conn, parti)  # les messages du serveur arrivent encore
                return
        # Fin de l'entrée standard (Ctrl-D ; Ctrl-Z puis Entrée sous Windows) : comme « fin ».
        if not parti.is_set():
            fin_envoyee.set()
            conn.sendall(b"fin\n")
            fermer_ma_moitie(conn, parti)
    except OSError:
        pass  # la connexion est déjà fermée : le fil principal le dit


# Socket → écran, dans le fil principal : chaque ligne reçue est affichée quand elle arrive.
def afficher_messages(conn, parti):
    tampon = b""
    fin_recue = False
    try:
        while True:
            morceau = conn.recv(1024)
            if not morceau:
                break  # b"" : le serveur a fermé sa moitié (FIN)
            if fin_recue:
                continue  # rien n'est attendu après « fin » : on lit jusqu'au FIN, sans rien garder
            tampon += morceau
            while b"\n" in tampon:
                ligne, tampon = tampon.split(b"\n", 1)
                texte = ligne.decode("utf-8", errors="replace")
                if texte.endswith("\r"):
                    texte = texte[:-1]
                if texte == "fin":
                    fin_recue = True
                    fermer_ma_moitie(conn, parti)
                    afficher("L'autre côté a quitté la discussion.", sys.stderr, parti)
                    break
                afficher(f"[serveur] {texte}", sys.stdout, parti)
    except OSError as err:
        afficher(f"Erreur : connexion interrompue brutalement ({nom_erreur(err)}).", sys.stderr, parti)
        sys.exit(1)
    # Parti sans « fin » : à notre tour de fermer. Si notre « fin » est en route (l'autre fil
    # l'envoie, puis ferme notre moitié), ce FIN lui répond : rien à dire.
    if not parti.is_set() and not fin_envoyee.is_set():
        fermer_ma_moitie(conn, parti)
        afficher("Le serveur a fermé la connexion sans « fin ».", sys.stderr, parti)


# Écrit une ligne sans abîmer celle que la personne est en train de taper.
def afficher(texte, flux, parti):
    if not TERMINAL:
        flux.write(texte + "\n")
        return
    en_cours = readline.get_line_buffer() if readline else ""
    # Efface l'invite et le début de ligne, écrit le texte, puis les redessine (tant qu'on est là).
    sys.stdout.write("\r\x1b[K")
    flux.write(texte + "\n")
    if not parti.is_set():  # plus d'invite une fois parti
        sys.stdout.write(INVITE + en_cours)


port = lire_port(*sys.argv[1:2])
conn = se_connecter(port)
print(f"Connecté à {HOTE}:{port}. Tapez vos messages, « fin » pour quitter.", file=sys.stderr)
parti = threading.Event()  # posé quand notre moitié est fermée (FIN envoyé)
fin_envoyee = threading.Event()  # posé juste avant d'envoyer notre « fin »
# daemon=True : le fil du clavier ne garde pas le programme en vie une fois la connexion fermée.
threading.Thread(target=lire_clavier, args=(conn, parti), daemon=True).start()
try:
    afficher_messages(conn, parti)
except KeyboardInterrupt:
    sys.exit(130)  # Ctrl-C : le système ferme la connexion (FIN)
finally:
    conn.close()
