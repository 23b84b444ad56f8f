// `npm run handout -- OUT_DIR [--sans-reponses] [--langage L]`: the repository a teacher gives
// students. It holds the skeletons and énoncés, the grader's files the students' commands import
// (the public check needs the cases and the harness), answers.md and the demonstrations it cites
// unless --sans-reponses, a package.json with the students' scripts and dependencies only, its
// lock, and a README for students. Both languages by default; with --langage, the skeletons of
// one only, and the Markdown as one-language.ts shapes it. It never holds a file of TEACHER_ONLY.
// The folder is written beside OUT_DIR and renamed into place at the end: no half-built handout
// is ever left.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageId } from '../languages';
import { importClosure } from './closure';
import { pruneLockfile, type Lockfile } from './lockfile';
import { holds, keepsExerciseFile, markdownFor } from './one-language';
import { isTeacherOnly } from './teacher-only';

/** A handout that cannot be built as asked, said in one French line. */
export class HandoutError extends Error {}

export interface HandoutOptions {
  /** Include answers.md and the demonstrations it cites. */
  answers: boolean;
  /** The one language handed out (its skeletons only); both when undefined. */
  language?: LanguageId;
}

/** The commands students run, and the files each one starts from. */
const STUDENT_SCRIPTS: Record<string, { command: string; entries: string[] }> = {
  check: { command: 'node -r ./grader/boot/register.js grader/cli/check.ts', entries: ['grader/cli/check.ts'] },
  serveur: { command: 'node -r ./grader/boot/register.js grader/cli/run-part.ts serveur', entries: ['grader/cli/run-part.ts', 'grader/by-hand/unhandled-error.ts'] },
  client: { command: 'node -r ./grader/boot/register.js grader/cli/run-part.ts client', entries: ['grader/cli/run-part.ts', 'grader/by-hand/unhandled-error.ts'] },
  typecheck: { command: 'tsc --noEmit -p .', entries: [] },
  test: { command: 'npm run check', entries: [] },
};
/** Scripts that only a TypeScript student has a use for. */
const TYPESCRIPT_SCRIPTS = ['typecheck'];
const DEMO_SCRIPT = { command: 'node -r ./grader/boot/register.js grader/cli/demo.ts', entries: ['grader/cli/demo.ts'] };

/** What the students' commands need at run time and to type-check; Jest, ts-jest and ts-node stay out. */
const STUDENT_DEPENDENCIES = ['@types/node', 'get-port', 'p-wait-for', 'typescript'];

/** Copied as they are (the loader runs the grader's TypeScript: see grader/boot/register.js). */
const PLAIN_FILES = ['tsconfig.json', '.gitignore', 'grader/boot/register.js'];
/** The same, where the handout holds Python (npm run serveur / client run Python through it). */
const PYTHON_PLAIN_FILES = ['grader/by-hand/python-preload.py'];

const STUDENT_README = path.join(__dirname, 'etudiants.md');

/** Refuses an OUT_DIR that holds something, or that lies inside the repository. */
export function checkOutDir(root: string, outDir: string): string {
  const target = path.resolve(outDir);
  let existing = target;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const real = path.join(fs.realpathSync(existing), path.relative(existing, target));
  const fromRoot = path.relative(fs.realpathSync(root), real);
  if (fromRoot === '' || (!fromRoot.startsWith('..') && !path.isAbsolute(fromRoot))) {
    throw new HandoutError(`${outDir} est dans le dépôt de l'enseignant\u00a0: choisissez un dossier en dehors, par exemple ../tp-etudiants`);
  }
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new HandoutError(`${outDir} existe déjà et n'est pas un dossier`);
    if (fs.readdirSync(target).length > 0) throw new HandoutError(`${outDir} existe déjà et n'est pas vide\u00a0: choisissez un dossier nouveau ou vide`);
  }
  return target;
}

/** Builds the handout of the repository at `root` into `outDir`; returns the files written. */
export function buildHandout(root: string, outDir: string, options: HandoutOptions): string[] {
  const target = checkOutDir(root, outDir);
  const staging = `${target}.${process.pid}.partiel`;
  fs.rmSync(staging, { recursive: true, force: true });
  const written: string[] = [];
  const write = (relative: string, content: string | Buffer) => {
    if (isTeacherOnly(relative)) throw new Error(`handout: ${relative} is teacher-only`);
    const file = path.join(staging, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written.push(relative);
  };
  const copy = (relative: string, transform?: (text: string) => string) => {
    const source = path.join(root, relative);
    write(relative, transform ? transform(fs.readFileSync(source, 'utf8')) : fs.readFileSync(source));
  };

  try {
    const scripts: Record<string, { command: string; entries: string[] }> = { ...STUDENT_SCRIPTS };
    if (options.answers) scripts.demo = DEMO_SCRIPT;
    if (!holds(options.language, 'typescript')) for (const name of TYPESCRIPT_SCRIPTS) delete scripts[name];
    const markdown = (relative: string) => (text: string) => {
      const shaped = markdownFor(relative, text, options.language);
      return options.answers ? shaped : withoutAnswers(shaped);
    };

    for (const relative of listFiles(root, 'exercises').filter((f) => keepsExerciseFile(f, options.language))) {
      copy(relative, relative.endsWith('.md') ? markdown(relative) : undefined);
    }
    if (options.answers) copy('answers.md', markdown('answers.md'));
    for (const relative of importClosure(root, Object.values(scripts).flatMap((s) => s.entries))) copy(relative);
    for (const relative of [...PLAIN_FILES, ...(holds(options.language, 'python') ? PYTHON_PLAIN_FILES : [])]) copy(relative);
    write('README.md', studentReadme(fs.readFileSync(STUDENT_README, 'utf8'), options));

    const teacherPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const studentPackage = {
      name: `${teacherPackage.name}-etudiants`,
      version: teacherPackage.version,
      private: true,
      // « TP sockets TCP en TypeScript, … »: in the language handed out.
      description: String(teacherPackage.description).replace(' en TypeScript', options.language === 'python' ? ' en Python' : options.language === undefined ? ' en TypeScript ou en Python' : ' en TypeScript'),
      license: teacherPackage.license,
      engines: teacherPackage.engines,
      scripts: Object.fromEntries(Object.entries(scripts).map(([name, s]) => [name, s.command])),
      devDependencies: Object.fromEntries(STUDENT_DEPENDENCIES.map((name) => {
        const range = teacherPackage.devDependencies?.[name] ?? teacherPackage.dependencies?.[name];
        if (!range) throw new Error(`handout: ${name} is not a dependency of this repository`);
        return [name, range];
      })),
    };
    write('package.json', JSON.stringify(studentPackage, null, 2) + '\n');
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
    const { scripts: _scripts, private: _private, description: _description, ...lockRoot } = studentPackage;
    write('package-lock.json', JSON.stringify(pruneLockfile(lock, lockRoot), null, 2) + '\n');

    if (fs.existsSync(target)) fs.rmdirSync(target); // empty: checked above
    fs.renameSync(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return written.sort();
}

/** Every file under `dir` (relative to root, with /), sorted. */
function listFiles(root: string, dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .filter((f) => fs.statSync(path.join(root, f)).isFile())
    .sort();
}

/**
 * An énoncé without what points to answers.md: each paragraph (or list item) that names
 * answers.md or a demonstration goes, the questions themselves stay.
 */
export function withoutAnswers(markdown: string): string {
  return markdown
    .split(/\n{2,}/)
    .filter((block) => !/answers\.md|npm run demo/.test(block))
    .join('\n\n');
}

/** The markers of the students' README, and the handouts that keep what each one encloses. */
const README_MARKERS: Record<string, (options: HandoutOptions) => boolean> = {
  reponses: (o) => o.answers,
  'sans-reponses': (o) => !o.answers,
  typescript: (o) => holds(o.language, 'typescript'),
  python: (o) => holds(o.language, 'python'),
  'typescript-seul': (o) => o.language === 'typescript',
  'python-seul': (o) => o.language === 'python',
  'deux-langages': (o) => o.language === undefined,
};

/**
 * The students' README: the blocks meant for this kind of handout, their markers removed. A
 * block is `<!-- NAME -->…<!-- /NAME -->`, within a line or on lines of its own (then its
 * marker lines go with it).
 */
export function studentReadme(template: string, options: HandoutOptions): string {
  const block = /<!-- ([a-z-]+) -->([\s\S]*?)<!-- \/\1 -->(\n?)/g;
  let text = template;
  // A kept block may hold another: go on until no marker is left (a few rounds at most).
  for (let round = 0; round < 5 && text.includes('<!-- '); round++) {
    text = text.replace(block, (_whole, name: string, body: string, newline: string, offset: number, all: string) => {
      const keep = README_MARKERS[name];
      if (!keep) throw new Error(`handout: unknown marker <!-- ${name} --> in etudiants.md`);
      const onOwnLines = (offset === 0 || all[offset - 1] === '\n') && body.startsWith('\n') && newline === '\n';
      if (onOwnLines) return keep(options) ? body.slice(1) : '';
      return (keep(options) ? body : '') + newline;
    });
  }
  if (text.includes('<!--')) throw new Error('handout: a marker of etudiants.md is not closed');
  // Blocks left out may leave two blank lines in a row.
  return text.replace(/\n{3,}/g, '\n\n');
}
