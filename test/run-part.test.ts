// `npm run serveur` / `npm run client` as a beginner meets them: every error (a TODO not done,
// a bad port, a port in use, a refused connection, a crash) is one French line that says what
// to do, never a stack trace; --reference runs the teacher's solution.
import * as net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { crashLine } from '../grader/by-hand/crash-line';
import { parseRunArguments } from '../grader/by-hand/arguments';
import { hasStackTrace } from '../grader/harness/student';
import { runCli } from './cli';

/** stderr must be exactly one line matching `pattern`, without a stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(hasStackTrace(stderr)).toBe(false);
  expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(pattern)]);
}

describe('npm run serveur / client', () => {
  it("un TODO pas encore fait : une ligne qui le nomme et dit ce qu'il demande, code 1", async () => {
    const r = await runCli('run-part.ts', 'serveur', '2', '5050');
    expectOneLine(r.stderr, /^Arrêt au TODO 1 de serveur\.ts \(demarrerServeur\), pas encore fait\u00a0: créez le serveur avec net\.createServer\(\)/);
    expect(r.code).toBe(1);
  });

  it('un port invalide (« abc ») : une ligne, code 1, avant même le premier TODO', async () => {
    const r = await runCli('run-part.ts', 'client', 'partie-2', 'abc');
    expectOneLine(r.stderr, /^Erreur\u00a0: port invalide «\u00a0abc\u00a0»\u00a0: donnez un nombre entier de 1 à 65535/);
    expect(r.code).toBe(1);
  });

  it('--reference lance la solution : port déjà utilisé, connexion refusée, chacun en une ligne', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = String((busy.address() as net.AddressInfo).port);
    try {
      const server = await runCli('run-part.ts', 'serveur', '2', port, '--reference');
      expectOneLine(server.stderr, new RegExp(`^Erreur\u00a0: le port ${port} est déjà utilisé \\(EADDRINUSE\\)\\.$`));
      expect(server.code).toBe(1);
    } finally {
      busy.close();
    }
    const client = await runCli('run-part.ts', 'client', '1', port, 'bonjour', '--reference');
    expectOneLine(client.stderr, new RegExp(`^Erreur\u00a0: connexion refusée \\(ECONNREFUSED\\) par 127\\.0\\.0\\.1:${port}\\.`));
    expect(client.code).toBe(1);
  });

  it.each([
    [['serveur'], /^Erreur\u00a0: donnez le numéro de la partie \(1 à 4\)/],
    [['serveur', '7'], /^Erreur\u00a0: partie inconnue\u00a0: «\u00a07\u00a0»/],
    [['client', '2', '--vite'], /^Erreur\u00a0: option inconnue\u00a0: --vite/],
  ])('%j : une ligne, code 2', async (args, pattern) => {
    const r = await runCli('run-part.ts', ...args);
    expectOneLine(r.stderr, pattern);
    expect(r.code).toBe(2);
  });

  it('sépare la partie, les options et les arguments du programme', () => {
    expect(parseRunArguments('client', ['1', '--pile', '5050', 'bonjour'])).toEqual({
      role: 'client', part: 1, reference: false, stackTrace: true, programArgs: ['5050', 'bonjour'],
    });
  });
});

describe("une erreur que le programme ne gère pas (chargé devant lui par npm run serveur/client)", () => {
  // Raised inside Node itself: no frame of a student's .ts file in the stack.
  const errno = (code: string, extra: object = {}) => Object.assign(new Error(`x ${code}`), { code, stack: `Error: x ${code}\n    at node:net:1:1`, ...extra });

  it.each([
    ['port déjà utilisé', errno('EADDRINUSE', { port: 5050 }), /^Erreur non gérée\u00a0: le port 5050 est déjà utilisé \(EADDRINUSE\)\. Arrêtez l'autre programme .+ Votre programme doit gérer cette erreur lui-même/],
    ['connexion refusée', errno('ECONNREFUSED', { address: '127.0.0.1', port: 5050 }), /^Erreur non gérée\u00a0: connexion refusée \(ECONNREFUSED\) par 127\.0\.0\.1:5050\. Lancez d'abord le serveur/],
    ['connexion interrompue', errno('ECONNRESET'), /^Erreur non gérée\u00a0: connexion interrompue brutalement par l'autre côté \(ECONNRESET\)/],
    ["TODO pas fait", new Error("TODO 3 (client.ts, envoyerClavier) : lisez le clavier."), /^Arrêt au TODO 3 de client\.ts \(envoyerClavier\), pas encore fait\u00a0: lisez le clavier\.$/],
  ])('%s', (_name, err, pattern) => {
    expect(crashLine(err)).toMatch(pattern);
  });

  it("une autre erreur : son message et la ligne du fichier de l'étudiant, sans pile d'appels", () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'write')");
    err.stack = `TypeError: ${err.message}\n    at servirClient (/home/e/tp/exercises/partie-2/serveur.ts:42:12)\n    at Server.<anonymous> (node:net:1:1)`;
    const line = crashLine(err);
    expect(line).toBe("Votre programme s'est arrêté sur une erreur non gérée (serveur.ts, ligne 42)\u00a0: TypeError\u00a0: Cannot read properties of undefined (reading 'write'). Pour la pile d'appels complète, relancez avec --pile.");
    expect(line.split('\n')).toHaveLength(1);
  });
});
