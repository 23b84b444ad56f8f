// Python submissions, graded by the very same suite, in one class run: the Python references
// earn every point (grading seed; the public seed is solutions-python.test.ts), the untouched
// Python skeletons earn 0 at once, each test naming its TODO, a copy written half in Python
// and half in TypeScript earns every point part by part, and a TypeScript copy graded beside
// them is graded as before. Also: a Python syntax error is a verdict with its line, and a
// Python that runs for the grader but cannot start in a box is passed over, and said so.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES, casesOfPart } from '../grader/cases';
import { CheckUsageError } from '../grader/check/arguments';
import { checkedLanguage } from '../grader/check/dossier';
import { summarizePart } from '../grader/check/summary';
import { matters } from '../grader/check/watch';
import { gradeCopies, type GradedCopy } from '../grader/grading/class-run';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { languageOfPart } from '../grader/languages';
import { describePython, findPython } from '../grader/languages/python-interpreter';
import { textReport } from '../grader/report';
import { sandboxLayers } from '../grader/sandbox/layers';
import { loadBareme, score } from '../grader/scoring';
import { ROOT, runCliEnv } from './cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-python-'));
const bareme = loadBareme(ALL_CASES);

/**
 * A Python the grader can run but a box cannot: a copy of the interpreter in a folder only
 * root may enter (as pyenv installs it under /root), given first through TP_PYTHON. Where
 * boxes have no uid of their own, a path that does not exist stands in for it.
 */
const unreachable = sandboxLayers().uidPerBox ? path.join(root, 'prive', 'bin', 'python3') : path.join(root, 'pas-de-python');
const savedTpPython = process.env.TP_PYTHON;

/** A copy of `parts` taken from solutions/, each part in the language given (only that language's files). */
function mixedCopy(name: string, parts: Record<number, '.py' | '.ts'>): string {
  const folder = path.join(root, name);
  for (const [part, ext] of Object.entries(parts)) {
    fs.cpSync(path.join(ROOT, 'solutions', `partie-${part}`), path.join(folder, `partie-${part}`), {
      recursive: true,
      filter: (src) => fs.statSync(src).isDirectory() || src.endsWith(ext),
    });
  }
  return folder;
}

/** The Python reference's part `part` alone, its serveur.py with `from` replaced by `to` (which must be there). */
function pythonServerVariant(name: string, part: number, from: string, to: string): { folder: string; text: string } {
  const folder = mixedCopy(name, { [part]: '.py' });
  const file = path.join(folder, `partie-${part}`, 'serveur.py');
  const source = fs.readFileSync(file, 'utf8');
  const text = source.replace(from, to);
  expect(text).not.toBe(source);
  fs.writeFileSync(file, text);
  return { folder, text };
}

const MIXED = { 1: '.py', 2: '.ts', 3: '.py', 4: '.ts' } as const;
let graded: GradedCopy[];

beforeAll(async () => {
  if (sandboxLayers().uidPerBox) {
    fs.mkdirSync(path.dirname(unreachable), { recursive: true });
    fs.copyFileSync(fs.realpathSync(realPython()), unreachable);
    fs.chmodSync(unreachable, 0o755);
    fs.chmodSync(path.join(root, 'prive'), 0o700);
  }
  process.env.TP_PYTHON = unreachable;
  const copies = [
    copyOfFolder(path.join(ROOT, 'solutions'), 'solutions (Python)', 'python'),
    copyOfFolder(path.join(ROOT, 'exercises'), 'exercises (Python)', 'python'),
    copyOfFolder(mixedCopy('mixte', MIXED), 'copie mixte'),
    copyOfFolder(path.join(ROOT, 'exercises'), 'exercises (TypeScript)'),
  ];
  graded = await gradeCopies(copies, DEFAULT_GRADING_SEED, 4);
}, 300_000);

afterAll(() => {
  if (savedTpPython === undefined) delete process.env.TP_PYTHON;
  else process.env.TP_PYTHON = savedTpPython;
  fs.rmSync(root, { recursive: true, force: true });
});

/** The binary a plain `python3` really is (to copy it somewhere a box cannot reach). */
function realPython(): string {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

const languagesByPart = (copy: GradedCopy) => Object.fromEntries([...new Set(copy.verdicts.map((v) => v.part))].map((p) => [p, [...new Set(copy.verdicts.filter((v) => v.part === p).map((v) => v.language))]]));

describe('une classe en Python, en TypeScript et mêlée, notée en un seul passage', () => {
  it('le Python utilisé est dit, et celui qui ne démarre pas dans un bac à sable est écarté avec sa raison', async () => {
    const found = await findPython();
    expect(found.found).toBeDefined();
    expect(found.found!.path).not.toBe(unreachable);
    expect(found.passedOver[0]).toContain(unreachable);
    expect(found.passedOver[0]).toMatch(sandboxLayers().uidPerBox ? /ne démarre pas dans le bac à sable/ : /ne démarre pas/);
    expect(describePython(found)).toMatch(new RegExp(`^Python\u00a0: ${found.found!.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(3\\.\\d+\\.\\d+`));
  });

  it('solutions/ en Python : 20/20, chaque verdict en Python', () => {
    const [copy] = graded;
    expect(copy.verdicts.filter((v) => v.status !== 'passed').map((v) => `${v.id}: ${v.feedback}`)).toEqual([]);
    expect(score(bareme, copy.verdicts).points).toBe(20);
    expect(new Set(copy.verdicts.map((v) => v.language))).toEqual(new Set(['python']));
  });

  it('exercises/ en Python, non modifié : 0/20', () => {
    expect(score(bareme, graded[1].verdicts).points).toBe(0);
  });

  it.each(ALL_CASES.map((c) => [c.id]))('exercises/ en Python : %s échoue aussitôt en nommant un TODO', (id) => {
    const v = graded[1].verdicts.find((x) => x.id === id)!;
    expect(v.status).toBe('failed');
    expect(v.language).toBe('python');
    // The traceback is shown by its last line, the student's own exception.
    expect(v.feedback).toMatch(/«\u00a0NotImplementedError: TODO \d+ \((serveur|client)\.py, \w+\)[^»]*» \(suivi d'une pile d'appels\)/);
    expect(v.durationMs).toBeLessThan(2_000);
  });

  it('copie mixte (parties I et III en Python, II et IV en TypeScript) : 20/20, chaque partie dans sa langue', () => {
    const copy = graded[2];
    expect(copy.verdicts.filter((v) => v.status !== 'passed').map((v) => `${v.id}: ${v.feedback}`)).toEqual([]);
    expect(score(bareme, copy.verdicts).points).toBe(20);
    expect(languagesByPart(copy)).toEqual({ 1: ['python'], 2: ['typescript'], 3: ['python'], 4: ['typescript'] });
    const report = textReport(copy.folder, DEFAULT_GRADING_SEED, score(bareme, copy.verdicts));
    expect(report).toContain(`${bareme.parties[0].titre} (Python) — 4/4`);
    expect(report).toContain(`${bareme.parties[1].titre} (TypeScript) — 6/6`);
  });

  it('exercises/ en TypeScript, noté dans le même passage : 0/20, en TypeScript, chaque test nommant son TODO', () => {
    const copy = graded[3];
    expect(score(bareme, copy.verdicts).points).toBe(0);
    expect(new Set(copy.verdicts.map((v) => v.language))).toEqual(new Set(['typescript']));
    for (const v of copy.verdicts) expect(v.feedback).toMatch(/TODO \d+ \((serveur|client)\.ts, \w+\)/);
  });
  // That no process of a Python copy outlives its tests is containment.test.ts's concern: it
  // grades Python copies that start detached children, double forks and setsid, and checks.
});

describe('une partie qui contient les deux langues (le dépôt distribué en deux langues)', () => {
  const part = (name: string, files: Record<string, string>) => {
    const dir = path.join(root, 'deux-langues', name, 'partie-2');
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, from] of Object.entries(files)) fs.copyFileSync(path.join(ROOT, from, 'partie-2', file), path.join(dir, file));
    return dir;
  };

  it("est notée dans la langue où l'étudiant a travaillé : les squelettes laissés tels quels de l'autre ne comptent pas", () => {
    const python = part('python', { 'serveur.ts': 'exercises', 'client.ts': 'exercises', 'serveur.py': 'solutions', 'client.py': 'solutions' });
    expect(languageOfPart(python).id).toBe('python');
    const ts = part('typescript', { 'serveur.ts': 'solutions', 'client.ts': 'solutions', 'serveur.py': 'exercises', 'client.py': 'exercises' });
    expect(languageOfPart(ts).id).toBe('typescript');
  });

  it('les deux touchées, ou aucune : TypeScript, sauf si la copie (--langage) dit autre chose', () => {
    const both = part('les-deux', { 'serveur.ts': 'solutions', 'client.ts': 'solutions', 'serveur.py': 'solutions', 'client.py': 'solutions' });
    expect(languageOfPart(both).id).toBe('typescript');
    expect(languageOfPart(both, 'python').id).toBe('python');
    const none = part('aucune', { 'serveur.ts': 'exercises', 'client.ts': 'exercises', 'serveur.py': 'exercises', 'client.py': 'exercises' });
    expect(languageOfPart(none).id).toBe('typescript');
    // A skeleton checked out on Windows (CRLF) is still untouched.
    fs.writeFileSync(path.join(none, 'serveur.ts'), fs.readFileSync(path.join(none, 'serveur.ts'), 'utf8').replace(/\n/g, '\r\n'));
    fs.copyFileSync(path.join(ROOT, 'solutions', 'partie-2', 'serveur.py'), path.join(none, 'serveur.py'));
    fs.copyFileSync(path.join(ROOT, 'solutions', 'partie-2', 'client.py'), path.join(none, 'client.py'));
    expect(languageOfPart(none).id).toBe('python');
  });
});

describe('erreurs de syntaxe en Python', () => {
  it('une erreur de syntaxe est un verdict : chaque test de la partie échoue avec le fichier et la ligne', async () => {
    const { folder, text: broken } = pythonServerVariant('syntaxe', 2, 'conn.sendall(ligne + b"\\n")', 'conn.sendall(ligne + b"\\n"');
    const line = broken.split('\n').findIndex((l) => l.includes('conn.sendall(ligne + b"\\n"')) + 1;
    for (const testCase of [casesOfPart(2)[0], casesOfPart(2).find((c) => c.id === 'p2-client-echo')!]) {
      const verdict = await runCase(testCase, copyOfFolder(folder), DEFAULT_GRADING_SEED);
      expect(verdict.status).toBe('failed');
      expect(verdict.language).toBe('python');
      expect(verdict.feedback).toMatch(/^partie-2 ne compile pas \(erreur de syntaxe\)\u00a0:\n {2}partie-2\/serveur\.py, ligne \d+, colonne \d+\u00a0: /);
      // Python names the line where the parenthesis was opened and left unclosed.
      expect(verdict.feedback).toContain(`ligne ${line}`);
    }
  });
});

describe('un serveur en Python lent à accepter', () => {
  // The harness's connect completes when the kernel has queued the connection, before the
  // server's accept(); a threaded server's accept loop may come to it late on a busy machine.
  // Here it comes 500 ms late, every time: the test waits for the accept, whenever it comes.
  it('sur SIGINT, chaque client accepté est fermé proprement (FIN) : même verdict que la référence', async () => {
    const { folder } = pythonServerVariant('accept-lent', 3, 'daemon=True).start()\n', 'daemon=True).start()\n        time.sleep(0.5)\n');
    const verdict = await runCase(ALL_CASES.find((c) => c.id === 'p3-arret-sigint')!, copyOfFolder(folder), DEFAULT_GRADING_SEED);
    expect({ status: verdict.status, feedback: verdict.feedback }).toEqual({ status: 'passed', feedback: undefined });
  });
});

describe('npm run check en Python', () => {
  it('le résumé nomme le TODO de serveur.py à faire ; --watch suit les fichiers .py ; TP_LANGAGE choisit la langue', () => {
    const verdicts = graded[1].verdicts.filter((v) => v.part === 1);
    expect(summarizePart(1, verdicts, { folder: 'exercises/partie-1' })).toEqual(['Partie I\u00a0: pas encore commencée, TODO 1 de serveur.py']);
    expect(matters('serveur.py')).toBe(true);
    expect(matters('serveur.pyc')).toBe(false);
    expect(checkedLanguage({})).toBeUndefined();
    expect(checkedLanguage({ TP_LANGAGE: 'python' })).toBe('python');
    expect(() => checkedLanguage({ TP_LANGAGE: 'java' })).toThrow(CheckUsageError);
  });
});

describe('npm run grade sur une classe mêlée', () => {
  it('lit les copies en Python comme les autres, dit quel Python les lance, et chaque retour dit la langue', async () => {
    const classDir = path.join(root, 'classe');
    mixedCopy(path.join('classe', 'alice'), { 1: '.py' });
    mixedCopy(path.join('classe', 'bob'), { 1: '.ts' });
    const out = path.join(root, 'notes-classe');
    const tmp = path.join(root, 'tmp-classe');
    fs.mkdirSync(tmp);
    const r = await runCliEnv({ TMPDIR: tmp, NO_COLOR: '1' }, 'grade.ts', classDir, '--out', out, '--jobs', '4');
    expect(r.stderr).toMatch(/^Python\u00a0: \S+ \(3\.\d+\.\d+/m);
    const notes = fs.readFileSync(path.join(out, 'notes.csv'), 'utf8').split('\r\n');
    for (const id of ['alice', 'bob']) expect(notes.find((l) => l.startsWith(`${id},`))).toMatch(/,4,0,0,0,4,/);
    expect(fs.readFileSync(path.join(out, 'retours', 'alice.md'), 'utf8')).toContain('Dossier noté\u00a0: `partie-1/`, en Python');
    expect(fs.readFileSync(path.join(out, 'retours', 'bob.md'), 'utf8')).toContain('Dossier noté\u00a0: `partie-1/`, en TypeScript');
    const again = await runCliEnv({ TMPDIR: tmp, NO_COLOR: '1' }, 'grade.ts', classDir, '--out', out, '--langage', 'cobol');
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe('Erreur\u00a0: --langage attend «\u00a0typescript\u00a0» ou «\u00a0python\u00a0», pas «\u00a0cobol\u00a0»');
  }, 120_000);
});
