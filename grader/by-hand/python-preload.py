# Run in front of a student's Python program by `npm run serveur` / `npm run client` (see
# grader/cli/run-part.ts), as unhandled-error.ts is for a Node program: an exception the program
# does not handle is told in one French line instead of Python's traceback, with the exit code
# Python itself gives (1; killed by SIGINT after a Ctrl-C not caught). Nothing else of the
# program changes: an exception in a thread still ends only that thread. The grader never runs
# it: there, a traceback is the program's own to avoid. With --pile, the traceback is printed
# whole, naming the student's files rather than the copies the program runs from.
# The sentences are those of crash-line.ts: keep the two alike.
#
# Usage: python3 -u -B -X utf8 python-preload.py [--pile] SOURCE_DIR SCRIPT [ARG...]
#   SOURCE_DIR  the student's part folder, SCRIPT the copy of serveur.py or client.py to run.
import errno
import os
import re
import runpy
import sys
import threading
import traceback

NBSP = "\u00a0"

# « TODO 1 (serveur.py, demarrer_serveur) : créez la socket… », as the skeletons raise it.
TODO = re.compile(r"^TODO (\d+) \(([\w.-]+\.py), (\w+)\)\s*:\s*(.*?)\.?$", re.S)

HANDLE = " Votre programme doit gérer cette erreur lui-même (try/except, voir le Contrat de l'énoncé)."


def student_place(tb, build_dir):
    """« (serveur.py, ligne 20) »: the last frame of the traceback in one of the part's files."""
    for frame in reversed(traceback.extract_tb(tb)):
        path = os.path.abspath(frame.filename)
        if path.startswith(build_dir + os.sep):
            return f" ({os.path.relpath(path, build_dir).replace(os.sep, '/')}, ligne {frame.lineno})"
    return ""


def crash_line(exc, tb, build_dir, in_thread):
    todo = TODO.match(str(exc)) if isinstance(exc, NotImplementedError) else None
    if todo:
        return f"Arrêt au TODO {todo[1]} de {todo[2]} ({todo[3]}), pas encore fait{NBSP}: {todo[4]}."
    at = student_place(tb, build_dir)
    if isinstance(exc, KeyboardInterrupt):
        return f"Arrêt par Ctrl-C{at}{NBSP}: l'exception KeyboardInterrupt n'est pas attrapée."
    code = errno.errorcode.get(exc.errno) if isinstance(exc, OSError) and exc.errno else None
    if code == "EADDRINUSE":
        return f"Erreur non gérée{at}{NBSP}: le port est déjà utilisé (EADDRINUSE). Arrêtez l'autre programme (Ctrl-C dans son terminal) ou choisissez un autre port.{HANDLE}"
    if code == "ECONNREFUSED":
        return f"Erreur non gérée{at}{NBSP}: connexion refusée (ECONNREFUSED). Lancez d'abord le serveur, sur le même port.{HANDLE}"
    if code in ("ECONNRESET", "EPIPE"):
        return f"Erreur non gérée{at}{NBSP}: connexion interrompue brutalement par l'autre côté ({code}).{HANDLE}"
    message = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)).split("\n")[0]
    what = f"{type(exc).__name__}{NBSP}: {message}" if message else type(exc).__name__
    who = "Un fil d'exécution de votre programme s'est arrêté" if in_thread else "Votre programme s'est arrêté"
    return f"{who} sur une erreur non gérée{at}{NBSP}: {what}{f' ({code})' if code else ''}. Pour la pile d'appels complète, relancez avec --pile."


def main():
    args = sys.argv[1:]
    stack_trace = args[:1] == ["--pile"]
    if stack_trace:
        args = args[1:]
    source_dir, script = os.path.abspath(args[0]), os.path.abspath(args[1])
    build_dir = os.path.dirname(script)

    def tell(exc_type, exc, tb, in_thread=False):
        if stack_trace:
            # From the program's first frame: this file's and runpy's are not the student's.
            while tb is not None and not os.path.abspath(tb.tb_frame.f_code.co_filename).startswith(build_dir + os.sep):
                tb = tb.tb_next
            text = "".join(traceback.format_exception(exc_type, exc, tb))
            sys.stderr.write(text.replace(build_dir + os.sep, source_dir + os.sep))
            return
        try:
            line = crash_line(exc, tb, build_dir, in_thread)
        except Exception:  # never hide the program's own error behind one of ours
            line = "".join(traceback.format_exception(exc_type, exc, tb)).rstrip("\n")
        sys.stderr.write(line + "\n")

    sys.excepthook = tell

    def tell_thread(hook_args):
        if hook_args.exc_type is SystemExit:
            return  # as Python's own hook: sys.exit() in a thread ends the thread, silently
        tell(hook_args.exc_type, hook_args.exc_value, hook_args.exc_traceback, in_thread=True)

    threading.excepthook = tell_thread

    # The program runs as if started itself: its own argv, its folder first on the module path.
    sys.argv = [script] + args[2:]
    sys.path[0] = build_dir
    runpy.run_path(script, run_name="__main__")


main()
