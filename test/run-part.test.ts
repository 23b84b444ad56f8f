// `npm run serveur` / `npm run client` as a beginner meets them: every error (a TODO not done,
// a bad port, a port in use, a refused connection, a crash) is one French line that says what
// to do, never a stack trace; --reference runs the teacher's solution. The same in Python: a
// part that holds serveur.py runs it (--langage or TP_LANGAGE where it holds both languages).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { crashLine } from '../grader/by-hand/crash-line';
import { languageKeptByNpm, parseRunArguments } from '../grader/by-hand/arguments';
import { hasAnyStackTrace } from '../grader/languages';
import { runCli, runCliEnv } from './cli';

/** stderr must be exactly one line matching `pattern`, without a stack trace of any language. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(hasAnyStackTrace(stderr)).toBe(false);
  expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(pattern)]);
}

/** A port someone listens on, for as long as `use` runs. */
async function withBusyPort<T>(use: (port: string) => Promise<T>): Promise<T> {
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  try {
    return await use(String((busy.address() as net.AddressInfo).port));
  } finally {
    busy.close();
  }
}

/** A port nobody listens on (taken, then let go). */
async function freePort(): Promise<string> {
  return withBusyPort(async (port) => port);
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
    const port = await withBusyPort(async (busy) => {
      const server = await runCli('run-part.ts', 'serveur', '2', busy, '--reference');
      expectOneLine(server.stderr, new RegExp(`^Erreur\u00a0: le port ${busy} est déjà utilisé \\(EADDRINUSE\\)\\.$`));
      expect(server.code).toBe(1);
      return busy;
    });
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

describe('npm run serveur / client en Python', () => {
  // Programs that leave an error unhandled, in a folder that holds only Python (a Python handout).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-run-part-'));
  const folder = { TP_DOSSIER: tmp };
  beforeAll(() => {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
      fs.writeFileSync(path.join(tmp, file), text);
    };
    write('partie-1/serveur.py', 'import socket, sys\ns = socket.socket()\ns.bind(("127.0.0.1", int(sys.argv[1])))\n');
    write('partie-1/client.py', 'import socket, sys\nimport aide\nc = socket.socket()\nc.connect(("127.0.0.1", int(sys.argv[1])))\naide.planter()\n');
    write('partie-1/aide.py', 'def planter():\n    x = None\n    x.write("a")\n');
    write('partie-2/serveur.py', [
      'import sys, threading',
      'def fil():',
      '    raise NotImplementedError("TODO 2 (serveur.py, fil) : écrivez le fil.")',
      't = threading.Thread(target=fil)',
      't.start()',
      't.join()',
      'print("toujours là", sys.argv[1:], __name__)',
      'sys.exit(3)',
      '',
    ].join('\n'));
    write('partie-3/serveur.py', 'x = (\n');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--langage python, là où la partie a les deux langages : le TODO du squelette Python en une ligne', async () => {
    const r = await runCli('run-part.ts', 'serveur', '2', '5050', '--langage', 'python');
    expectOneLine(r.stderr, /^Arrêt au TODO 1 de serveur\.py \(demarrer_serveur\), pas encore fait\u00a0: créez la socket avec socket\.socket\(\)/);
    expect(r.code).toBe(1);
  });

  it('TP_LANGAGE=python fait de même, comme pour npm run check\u00a0; --langage=typescript passe avant', async () => {
    const python = await runCliEnv({ TP_LANGAGE: 'python' }, 'run-part.ts', 'client', '2', '5050');
    expectOneLine(python.stderr, /^Arrêt au TODO 1 de client\.py \(se_connecter\)/);
    const typescript = await runCliEnv({ TP_LANGAGE: 'python' }, 'run-part.ts', 'client', '2', '5050', '--langage=typescript');
    expectOneLine(typescript.stderr, /^Arrêt au TODO 1 de client\.ts \(seConnecter\)/);
  });

  it('--reference --langage python lance la référence Python\u00a0: port déjà utilisé, connexion refusée', async () => {
    await withBusyPort(async (busy) => {
      const server = await runCli('run-part.ts', 'serveur', '3', busy, '--reference', '--langage', 'python');
      expectOneLine(server.stderr, new RegExp(`^Erreur\u00a0: le port ${busy} est déjà utilisé \\(EADDRINUSE\\)\\.$`));
      expect(server.code).toBe(1);
    });
    const client = await runCli('run-part.ts', 'client', '1', await freePort(), '--reference', '--langage', 'python');
    expectOneLine(client.stderr, /^Erreur\u00a0: connexion refusée \(ECONNREFUSED\) par 127\.0\.0\.1:\d+\. Le serveur est-il lancé\u00a0\?$/);
    expect(client.code).toBe(1);
  });

  it('un dossier qui ne contient que du Python est lancé en Python, sans option\u00a0; une erreur non gérée tient en une ligne, avec le fichier et la ligne', async () => {
    await withBusyPort(async (busy) => {
      const server = await runCliEnv(folder, 'run-part.ts', 'serveur', '1', busy);
      expectOneLine(server.stderr, /^Erreur non gérée \(serveur\.py, ligne 3\)\u00a0: le port est déjà utilisé \(EADDRINUSE\)\. .+ Votre programme doit gérer cette erreur lui-même \(try\/except/);
      expect(server.code).toBe(1);
      const client = await runCliEnv(folder, 'run-part.ts', 'client', '1', busy);
      expect(client.stderr.trim()).toBe("Votre programme s'est arrêté sur une erreur non gérée (aide.py, ligne 3)\u00a0: AttributeError\u00a0: 'NoneType' object has no attribute 'write'. Pour la pile d'appels complète, relancez avec --pile.");
      expect(client.code).toBe(1);
    });
    const refused = await runCliEnv(folder, 'run-part.ts', 'client', '1', await freePort());
    expectOneLine(refused.stderr, /^Erreur non gérée \(client\.py, ligne 4\)\u00a0: connexion refusée \(ECONNREFUSED\)\. Lancez d'abord le serveur/);
  });

  it("--pile : la pile d'appels de Python, qui nomme les fichiers de l'étudiant, à partir de son programme", async () => {
    const r = await withBusyPort((busy) => runCliEnv(folder, 'run-part.ts', 'client', '1', busy, '--pile'));
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Traceback (most recent call last):');
    expect(lines[1]).toBe(`  File "${path.join(tmp, 'partie-1', 'client.py')}", line 5, in <module>`);
    expect(r.stderr).toContain(`File "${path.join(tmp, 'partie-1', 'aide.py')}", line 3, in planter`);
    expect(lines[lines.length - 1]).toBe("AttributeError: 'NoneType' object has no attribute 'write'");
    expect(r.code).toBe(1);
  });

  it("une erreur dans un fil d'exécution : sa ligne, et le programme continue comme Python le veut (ses arguments, son code de sortie)", async () => {
    const r = await runCliEnv(folder, 'run-part.ts', 'serveur', '2', '7', '8');
    expectOneLine(r.stderr, /^Arrêt au TODO 2 de serveur\.py \(fil\), pas encore fait\u00a0: écrivez le fil\.$/);
    expect(r.stdout).toBe("toujours là ['7', '8'] __main__\n");
    expect(r.code).toBe(3);
  });

  it('une erreur de syntaxe : le fichier, la ligne, avant de lancer quoi que ce soit (code 2)', async () => {
    const r = await runCliEnv(folder, 'run-part.ts', 'serveur', '3');
    expect(r.stderr).toMatch(/^Erreur\u00a0: partie-3 ne compile pas \(erreur de syntaxe\)\u00a0:\n  partie-3\/serveur\.py, ligne 1/);
    expect(r.code).toBe(2);
  });

  it.each([
    [['serveur', '2', '--langage', 'ruby'], /^Erreur\u00a0: --langage attend «\u00a0typescript\u00a0» ou «\u00a0python\u00a0», pas «\u00a0ruby\u00a0»\.$/],
    [['serveur', '2', '--langage'], /^Erreur\u00a0: --langage attend «\u00a0typescript\u00a0» ou «\u00a0python\u00a0», par exemple/],
  ])('%j : une ligne, code 2', async (args, pattern) => {
    const r = await runCli('run-part.ts', ...args);
    expectOneLine(r.stderr, pattern);
    expect(r.code).toBe(2);
  });

  it('--langage typescript sur un dossier sans fichier TypeScript : le fichier manquant, code 2', async () => {
    const r = await runCliEnv(folder, 'run-part.ts', 'serveur', '1', '--langage', 'typescript');
    expectOneLine(r.stderr, /^Erreur\u00a0: Fichier partie-1\/serveur\.ts introuvable\.$/);
    expect(r.code).toBe(2);
  });

  it('TP_LANGAGE inconnu : une ligne, code 2', async () => {
    const r = await runCliEnv({ TP_LANGAGE: 'java' }, 'run-part.ts', 'serveur', '2');
    expectOneLine(r.stderr, /^Erreur\u00a0: TP_LANGAGE attend typescript ou python, pas «\u00a0java\u00a0»\.$/);
    expect(r.code).toBe(2);
  });

  it('sans « -- », npm garde --langage pour lui (npm_config_langage)\u00a0: repris ici', () => {
    expect(languageKeptByNpm(['2', '5050', 'python'], { npm_config_langage: 'true' })).toEqual(['2', '5050', '--langage=python']);
    expect(languageKeptByNpm(['2', '5050'], { npm_config_langage: 'python' })).toEqual(['2', '5050', '--langage=python']);
    expect(languageKeptByNpm(['2', '5050', '--langage', 'python'], { npm_config_langage: 'true' })).toEqual(['2', '5050', '--langage', 'python']);
    expect(languageKeptByNpm(['2', '5050'], {})).toEqual(['2', '5050']);
    expect(parseRunArguments('serveur', ['2', '--langage=python', '5050']).language).toBe('python');
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
