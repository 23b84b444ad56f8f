// The French line that replaces Node's stack trace when a program run by hand (npm run
// serveur / client) meets an error it does not handle: a TODO not done yet, an 'error' event
// with no listener. It says what to do; when the program should have handled the error itself
// (the grader wants its own one-line message, see the énoncés' Contrat), it says that too.

const TODO = /^TODO (\d+) \(([\w.-]+\.ts), ([\w$]+)\)\s*:\s*(.*?)\.?$/s;

/** The student's own line the error comes from, « serveur.ts, ligne 20 », from the source-mapped stack. */
function where(err: Error): string {
  const frame = /\(?((?:[A-Za-z]:)?[^():\s]*\.ts):(\d+):\d+\)?$/m.exec(err.stack ?? '');
  if (!frame) return '';
  const file = frame[1].split(/[\\/]/).pop();
  return ` (${file}, ligne ${frame[2]})`;
}

const HANDLE = " Votre programme doit gérer cette erreur lui-même (événement 'error', voir le Contrat de l'énoncé).";

function address(err: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  return err.address && err.port ? ` ${err.address}:${err.port}` : '';
}

export function crashLine(err: unknown): string {
  if (!(err instanceof Error)) return `Erreur non gérée\u00a0: ${String(err)}`;
  const todo = TODO.exec(err.message);
  if (todo) return `Arrêt au TODO ${todo[1]} de ${todo[2]} (${todo[3]}), pas encore fait\u00a0: ${todo[4]}.`;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const at = where(err);
  switch (e.code) {
    case 'EADDRINUSE':
      return `Erreur non gérée${at}\u00a0: le port${e.port ? ` ${e.port}` : ''} est déjà utilisé (EADDRINUSE). Arrêtez l'autre programme (Ctrl-C dans son terminal) ou choisissez un autre port.${HANDLE}`;
    case 'ECONNREFUSED':
      return `Erreur non gérée${at}\u00a0: connexion refusée (ECONNREFUSED)${address(e) ? ` par${address(e)}` : ''}. Lancez d'abord le serveur, sur le même port.${HANDLE}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `Erreur non gérée${at}\u00a0: connexion interrompue brutalement par l'autre côté (${e.code}).${HANDLE}`;
    case 'ERR_SOCKET_BAD_PORT':
      return `Erreur non gérée${at}\u00a0: port invalide. Donnez un nombre entier de 1 à 65535, par exemple 5050.`;
  }
  const name = err.name && err.name !== 'Error' ? `${err.name}\u00a0: ` : '';
  return `Votre programme s'est arrêté sur une erreur non gérée${at}\u00a0: ${name}${err.message.split('\n')[0]}${e.code ? ` (${e.code})` : ''}. Pour la pile d'appels complète, relancez avec --pile.`;
}
