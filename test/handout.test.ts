// `npm run handout`: the students' repository holds no answer of the references and no
// teacher-only file; its own commands work from it alone (this repository's node_modules
// linked in, no network): its test command runs the public tests, `npm run check` gives 0 on
// the skeletons, it type-checks; --sans-reponses leaves out answers.md and what cites it;
// --langage gives one language's skeletons, Markdown and commands (a Python handout's check
// passes the Python reference); an OUT_DIR that is not empty, or inside the repository, and an
// unknown language are refused in one French line.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES, PARTS } from '../grader/cases';
import { buildHandout, type HandoutOptions } from '../grader/handout/build';
import { PYTHON_NOTE } from '../grader/handout/one-language';
import type { Lockfile } from '../grader/handout/lockfile';
import { TEACHER_ONLY } from '../grader/handout/teacher-only';
import { ROOT, runCli, type CliResult } from './cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-handout-'));
const withAnswers = path.join(tmp, 'avec');
const withoutAnswers = path.join(tmp, 'sans');
const typescriptOnly = path.join(tmp, 'typescript');
const pythonOnly = path.join(tmp, 'python');
/** Every handout built, with what it was built for and the skeletons it holds. */
const HANDOUTS: Array<{ dir: string; options: HandoutOptions; skeletons: string[] }> = [
  { dir: withAnswers, options: { answers: true }, skeletons: ['serveur.ts', 'client.ts', 'serveur.py', 'client.py'] },
  { dir: withoutAnswers, options: { answers: false }, skeletons: ['serveur.ts', 'client.ts', 'serveur.py', 'client.py'] },
  { dir: typescriptOnly, options: { answers: true, language: 'typescript' }, skeletons: ['serveur.ts', 'client.ts'] },
  { dir: pythonOnly, options: { answers: true, language: 'python' }, skeletons: ['serveur.py', 'client.py'] },
];
const DIRS = HANDOUTS.map((h) => h.dir);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  for (const { dir, options } of HANDOUTS) buildHandout(ROOT, dir, options);
  // No install, no network: the handout runs on this repository's packages.
  for (const dir of DIRS) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
});

/** Every file of a handout (relative, with /), node_modules aside. */
function filesOf(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f !== 'node_modules' && !f.startsWith('node_modules/'))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** `npm run …` (or `npm test`) inside `dir`, offline. */
function npm(dir: string, ...args: string[]): Promise<CliResult> {
  return npmEnv({}, dir, ...args);
}

/** The same, with more environment variables (TP_DOSSIER…). */
function npmEnv(extra: NodeJS.ProcessEnv, dir: string, ...args: string[]): Promise<CliResult> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_offline: 'true', npm_config_fund: 'false' };
  delete env.TP_DOSSIER;
  delete env.TP_LANGAGE;
  Object.assign(env, extra);
  return new Promise((resolve) => {
    execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: dir, env, shell: process.platform === 'win32' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/**
 * The lines of the references that no skeleton has: the answers, in both languages. Short lines
 * (`});`, `socket.end();`, `return socket;`) are common idioms that any file may hold; a line
 * that answers.md shows whole is the TP's own (its Python sessions, `serveur.listen()`).
 */
function answerLines(): Set<string> {
  const lines = (dir: string, files: string[]) =>
    PARTS.flatMap((p) => files.flatMap((f) => fs.readFileSync(path.join(ROOT, dir, `partie-${p}`, f), 'utf8').split('\n').map((l) => l.trim())));
  const shownByAnswers = new Set(fs.readFileSync(path.join(ROOT, 'answers.md'), 'utf8').split('\n').map((l) => l.trim()));
  const answers = new Set<string>();
  for (const files of [['serveur.ts', 'client.ts'], ['serveur.py', 'client.py']]) {
    const skeletons = new Set(lines('exercises', files));
    for (const l of lines('solutions', files)) if (l.length >= 16 && !skeletons.has(l) && !shownByAnswers.has(l)) answers.add(l);
  }
  return answers;
}

describe('npm run handout', () => {
  it("aucune ligne de réponse des solutions n'y figure, dans aucun fichier", () => {
    const answers = answerLines();
    expect(answers.size).toBeGreaterThan(50);
    expect(answers.has('const serveur = net.createServer();')).toBe(true);
    expect(answers.has('serveur.bind((HOTE, port))')).toBe(true);
    for (const dir of DIRS) {
      const leaks = filesOf(dir).flatMap((f) =>
        fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => answers.has(l.trim())).map((l) => `${f}: ${l.trim()}`),
      );
      expect(leaks).toEqual([]);
    }
  });

  it("aucun fichier réservé à l'enseignant (solutions, correction, barème, tests du projet…)\u00a0; les squelettes de son langage, tels quels, et eux seuls", () => {
    for (const { dir, skeletons } of HANDOUTS) {
      const files = filesOf(dir);
      expect(files.filter((f) => TEACHER_ONLY.some((p) => f === p || f.startsWith(`${p}/`)))).toEqual([]);
      expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'package-lock.json', 'tsconfig.json', 'grader/cli/check.ts']));
      for (const p of PARTS) {
        expect(files.filter((f) => f.startsWith(`exercises/partie-${p}/`)).sort()).toEqual(['README.md', ...skeletons].map((f) => `exercises/partie-${p}/${f}`).sort());
        for (const f of skeletons) {
          expect(fs.readFileSync(path.join(dir, `exercises/partie-${p}`, f), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, `exercises/partie-${p}`, f), 'utf8'));
        }
      }
      // npm run serveur / client run a Python part through this file.
      expect(files.includes('grader/by-hand/python-preload.py')).toBe(skeletons.includes('serveur.py'));
    }
  });

  it('package.json : les commandes des étudiants et leurs seules dépendances, verrouillées', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(withAnswers, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.scripts).sort()).toEqual(['check', 'client', 'demo', 'serveur', 'test', 'typecheck']);
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['@types/node', 'get-port', 'p-wait-for', 'typescript']);
    expect(pkg.dependencies).toBeUndefined();
    const lock = JSON.parse(fs.readFileSync(path.join(withAnswers, 'package-lock.json'), 'utf8')) as Lockfile;
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    expect(Object.keys(lock.packages).filter((k) => /(^|\/)(jest|ts-jest|@jest\/[^/]+)$/.test(k))).toEqual([]);
    const teacherLock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
    for (const [key, entry] of Object.entries(lock.packages)) if (key !== '') expect(entry).toEqual(teacherLock.packages[key]);
    for (const name of Object.keys(pkg.devDependencies)) expect(lock.packages[`node_modules/${name}`]).toBeDefined();
    const without = JSON.parse(fs.readFileSync(path.join(withoutAnswers, 'package.json'), 'utf8'));
    expect(Object.keys(without.scripts).sort()).toEqual(['check', 'client', 'serveur', 'test', 'typecheck']);
    // Nothing for a Python student to type-check; the same packages (typescript runs the grader).
    const python = JSON.parse(fs.readFileSync(path.join(pythonOnly, 'package.json'), 'utf8'));
    expect(Object.keys(python.scripts).sort()).toEqual(['check', 'client', 'demo', 'serveur', 'test']);
    expect(python.devDependencies).toEqual(pkg.devDependencies);
    expect(python.description).toMatch(/^TP sockets TCP en Python,/);
  });

  it('sa commande de test lance les tests publics\u00a0: 0 sur les squelettes', async () => {
    const r = await npm(withoutAnswers, 'test');
    const roman = ['I', 'II', 'III', 'IV'];
    for (const p of PARTS) expect(r.stdout).toContain(`Partie ${roman[p - 1]}\u00a0: pas encore commencée, TODO 1 de serveur.ts\n`);
    expect(r.stdout).toContain(`Total\u00a0: 0/${ALL_CASES.length} tests\n`); // no barème in a handout: tests, not points
    expect(r.code).not.toBe(0);
  });

  it('en Python, sa commande de test lance les tests publics sur les squelettes Python\u00a0: 0', async () => {
    const r = await npm(pythonOnly, 'test');
    const roman = ['I', 'II', 'III', 'IV'];
    for (const p of PARTS) expect(r.stdout).toContain(`Partie ${roman[p - 1]}\u00a0: pas encore commencée, TODO 1 de serveur.py\n`);
    expect(r.code).not.toBe(0);
  });

  it('en Python, npm run check passe la référence Python (par TCP, comme en TypeScript)', async () => {
    const copy = fs.mkdtempSync(path.join(tmp, 'reference-'));
    fs.cpSync(path.join(ROOT, 'solutions', 'partie-2'), path.join(copy, 'partie-2'), { recursive: true, filter: (f) => !f.endsWith('.ts') });
    const r = await npmEnv({ TP_DOSSIER: copy }, pythonOnly, 'run', '-s', 'check', '--', '2');
    const total = ALL_CASES.filter((c) => c.part === 2).length;
    expect(r.stdout.trim().split('\n')).toEqual([`Partie II\u00a0: ${total}/${total} tests — tout passe.`]);
    expect(r.code).toBe(0);
  });

  it('en Python, npm run serveur lance serveur.py sans option', async () => {
    const r = await npm(pythonOnly, 'run', '-s', 'serveur', '--', '2');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Arrêt au TODO 1 de serveur\.py \(demarrer_serveur\), pas encore fait\u00a0: /)]);
    expect(r.code).toBe(1);
  });

  it("en TypeScript, ni les sections « En Python » ni leurs lignes\u00a0; en Python, l'énoncé entier, ouvert par une note qui y renvoie", () => {
    const markdown = (dir: string) => filesOf(dir).filter((f) => f.endsWith('.md')).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')] as const);
    for (const [f, text] of markdown(typescriptOnly)) {
      expect([f, /^## En Python$|^En Python\u00a0: |serveur\.py|TP_LANGAGE/m.test(text)]).toEqual([f, false]);
    }
    expect(fs.readFileSync(path.join(typescriptOnly, 'answers.md'), 'utf8')).toMatch(/^\*\*À essayer\.\*\* /m);
    for (const p of PARTS) {
      const enonce = fs.readFileSync(path.join(pythonOnly, `exercises/partie-${p}/README.md`), 'utf8');
      const teacher = fs.readFileSync(path.join(ROOT, `exercises/partie-${p}/README.md`), 'utf8');
      expect(enonce.split('\n').slice(0, 3)).toEqual([teacher.split('\n')[0], '', PYTHON_NOTE]);
      expect(enonce).toMatch(/^## En Python$/m);
      expect(enonce.split('\n').slice(3).join('\n')).toBe(teacher.split('\n').slice(1).join('\n'));
    }
    expect(fs.readFileSync(path.join(pythonOnly, 'answers.md'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'answers.md'), 'utf8'));
    const readme = fs.readFileSync(path.join(pythonOnly, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# TP sockets TCP en Python$/m);
    expect(readme).not.toMatch(/serveur\.ts|client\.ts|throw new Error|typecheck|--langage/);
    expect(fs.readFileSync(path.join(typescriptOnly, 'README.md'), 'utf8')).not.toMatch(/Python|\.py\b|TP_LANGAGE/);
    expect(fs.readFileSync(path.join(withAnswers, 'README.md'), 'utf8')).toMatch(/--langage python/);
  });

  it('npm run check -- 2 : la partie II seule', async () => {
    const r = await npm(withAnswers, 'run', '-s', 'check', '--', '2');
    expect(r.stdout.trim().split('\n')).toEqual(['Partie II\u00a0: pas encore commencée, TODO 1 de serveur.ts']);
    expect(r.code).toBe(1);
  });

  it('npm run typecheck passe sur les squelettes et ce qui les vérifie', async () => {
    const r = await npm(withAnswers, 'run', '-s', 'typecheck');
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it("--reference n'y existe pas : une ligne qui le dit", async () => {
    const r = await npm(withoutAnswers, 'run', '-s', 'serveur', '--', '2', '--reference');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Erreur\u00a0: --reference lance la solution de l'enseignant, qui n'est pas dans ce dépôt/)]);
    expect(r.code).toBe(2);
  });

  it("avec les réponses : answers.md et les démonstrations qu'il cite\u00a0; sans : ni l'un, ni les autres, ni rien qui les cite", () => {
    expect(fs.existsSync(path.join(withAnswers, 'answers.md'))).toBe(true);
    expect(fs.existsSync(path.join(withAnswers, 'grader/cli/demo.ts'))).toBe(true);
    const without = filesOf(withoutAnswers);
    expect(without.filter((f) => f === 'answers.md' || f.startsWith('grader/demos/') || f === 'grader/cli/demo.ts')).toEqual([]);
    for (const f of without.filter((x) => x.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(withoutAnswers, f), 'utf8');
      expect([f, /answers\.md|npm run demo/.test(text)]).toEqual([f, false]);
    }
    for (const p of PARTS) expect(fs.readFileSync(path.join(withoutAnswers, `exercises/partie-${p}/README.md`), 'utf8')).toMatch(/^## Questions$/m);
  });

  it('chaque lien des Markdown mène à un fichier de la distribution', () => {
    for (const dir of DIRS) {
      for (const f of filesOf(dir).filter((x) => x.endsWith('.md'))) {
        const links = [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => m[1]);
        for (const link of links) expect([f, link, fs.existsSync(path.join(dir, path.dirname(f), link))]).toEqual([f, link, true]);
      }
    }
  });

  it("le README des étudiants respecte la typographie française (espace insécable), dans chaque sorte de distribution", () => {
    for (const dir of DIRS) {
      const prose = fs.readFileSync(path.join(dir, 'README.md'), 'utf8')
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, 'X')
        .replace(/\]\([^)]*\)/g, ']');
      expect([dir, prose.split('\n').filter((line) => / [:;?!](?=\s|$)|«(?!\u00a0)|(?<!\u00a0)»/.test(line))]).toEqual([dir, []]);
      expect(prose).not.toMatch(/<!--/);
      expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).not.toMatch(/\n{3,}/);
    }
  });

  it.each([
    ['un dossier qui n\'est pas vide', () => [withAnswers], /^Erreur\u00a0: .+ existe déjà et n'est pas vide/],
    ['un dossier dans le dépôt', () => [path.join(ROOT, 'distribution-test')], /^Erreur\u00a0: .+ est dans le dépôt de l'enseignant/],
    ['un langage inconnu', () => [path.join(tmp, 'ruby'), '--langage', 'ruby'], /^Erreur\u00a0: --langage attend «\u00a0typescript\u00a0» ou «\u00a0python\u00a0», pas «\u00a0ruby\u00a0»\.$/],
  ])('refuse %s\u00a0: une ligne, code 2, rien d\'écrit', async (_name, args, message) => {
    const folder = () => args()[0];
    const before = fs.readdirSync(path.dirname(folder()));
    const r: CliResult = await runCli('handout.ts', ...args());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(fs.readdirSync(path.dirname(folder()))).toEqual(before);
  });
});
