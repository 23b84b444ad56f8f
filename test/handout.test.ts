// `npm run handout`: the students' repository holds no answer of the references and no
// teacher-only file; its own commands work from it alone (this repository's node_modules
// linked in, no network): its test command runs the public tests, `npm run check` gives 0 on
// the skeletons, it type-checks; --sans-reponses leaves out answers.md and what cites it; an
// OUT_DIR that is not empty, or inside the repository, is refused in one French line.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES, PARTS } from '../grader/cases';
import { buildHandout } from '../grader/handout/build';
import type { Lockfile } from '../grader/handout/lockfile';
import { TEACHER_ONLY } from '../grader/handout/teacher-only';
import { ROOT, runCli, type CliResult } from './cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-handout-'));
const withAnswers = path.join(tmp, 'avec');
const withoutAnswers = path.join(tmp, 'sans');

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  buildHandout(ROOT, withAnswers, { answers: true });
  buildHandout(ROOT, withoutAnswers, { answers: false });
  // No install, no network: the handout runs on this repository's packages.
  for (const dir of [withAnswers, withoutAnswers]) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
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
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_offline: 'true', npm_config_fund: 'false' };
  delete env.TP_DOSSIER;
  return new Promise((resolve) => {
    execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: dir, env, shell: process.platform === 'win32' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/**
 * The lines of the references that no skeleton has: the answers. Short lines (`});`,
 * `socket.end();`, `return socket;`) are common Node idioms that any file may hold.
 */
function answerLines(): Set<string> {
  const lines = (dir: string) =>
    PARTS.flatMap((p) => ['serveur.ts', 'client.ts'].flatMap((f) => fs.readFileSync(path.join(ROOT, dir, `partie-${p}`, f), 'utf8').split('\n').map((l) => l.trim())));
  const skeletons = new Set(lines('exercises'));
  return new Set(lines('solutions').filter((l) => l.length >= 16 && !skeletons.has(l)));
}

describe('npm run handout', () => {
  it("aucune ligne de réponse des solutions n'y figure, dans aucun fichier", () => {
    const answers = answerLines();
    expect(answers.size).toBeGreaterThan(50);
    expect(answers.has('const serveur = net.createServer();')).toBe(true);
    for (const dir of [withAnswers, withoutAnswers]) {
      const leaks = filesOf(dir).flatMap((f) =>
        fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => answers.has(l.trim())).map((l) => `${f}: ${l.trim()}`),
      );
      expect(leaks).toEqual([]);
    }
  });

  it("aucun fichier réservé à l'enseignant (solutions, correction, barème, tests du projet…)", () => {
    for (const dir of [withAnswers, withoutAnswers]) {
      const files = filesOf(dir);
      expect(files.filter((f) => TEACHER_ONLY.some((p) => f === p || f.startsWith(`${p}/`)))).toEqual([]);
      expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'package-lock.json', 'tsconfig.json', 'grader/cli/check.ts']));
      for (const p of PARTS) expect(files).toEqual(expect.arrayContaining(['README.md', 'serveur.ts', 'client.ts'].map((f) => `exercises/partie-${p}/${f}`)));
      for (const p of PARTS) {
        for (const f of ['serveur.ts', 'client.ts']) {
          expect(fs.readFileSync(path.join(dir, `exercises/partie-${p}`, f), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, `exercises/partie-${p}`, f), 'utf8'));
        }
      }
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
  });

  it('sa commande de test lance les tests publics\u00a0: 0 sur les squelettes', async () => {
    const r = await npm(withoutAnswers, 'test');
    const roman = ['I', 'II', 'III', 'IV'];
    for (const p of PARTS) expect(r.stdout).toContain(`Partie ${roman[p - 1]}\u00a0: pas encore commencée, TODO 1 de serveur.ts\n`);
    expect(r.stdout).toContain(`Total\u00a0: 0/${ALL_CASES.length} tests\n`); // no barème in a handout: tests, not points
    expect(r.code).not.toBe(0);
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
    for (const dir of [withAnswers, withoutAnswers]) {
      for (const f of filesOf(dir).filter((x) => x.endsWith('.md'))) {
        const links = [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => m[1]);
        for (const link of links) expect([f, link, fs.existsSync(path.join(dir, path.dirname(f), link))]).toEqual([f, link, true]);
      }
    }
  });

  it("le README des étudiants respecte la typographie française (espace insécable)", () => {
    const prose = fs.readFileSync(path.join(withAnswers, 'README.md'), 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, 'X')
      .replace(/\]\([^)]*\)/g, ']');
    expect(prose.split('\n').filter((line) => / [:;?!](?=\s|$)|«(?!\u00a0)|(?<!\u00a0)»/.test(line))).toEqual([]);
    expect(prose).not.toMatch(/<!--/);
  });

  it.each([
    ['un dossier qui n\'est pas vide', () => withAnswers, /^Erreur\u00a0: .+ existe déjà et n'est pas vide/],
    ['un dossier dans le dépôt', () => path.join(ROOT, 'distribution-test'), /^Erreur\u00a0: .+ est dans le dépôt de l'enseignant/],
  ])('refuse %s\u00a0: une ligne, code 2, rien d\'écrit', async (_name, folder, message) => {
    const before = fs.readdirSync(path.dirname(folder()));
    const r: CliResult = await runCli('handout.ts', folder());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(fs.readdirSync(path.dirname(folder()))).toEqual(before);
  });
});
