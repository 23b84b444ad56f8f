// What `npm run grade` does once its options are read: read the hand-ins (grader/intake), grade
// what the record store does not hold (grader/records), write the class's files
// (grader/outputs), and show a report or a table. One copy given alone keeps the terminal report
// it has always had.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_CASES } from '../cases';
import { gradescopeResults, type Visibility } from '../gradescope/results';
import { describeLayers, sandboxLayers } from '../sandbox/layers';
import { privateNetworkWorks } from '../sandbox/network';
import { gradeCopies } from '../grading/class-run';
import { graderCpuMs } from '../grading/supervisor';
import { typecheckPart } from '../harness/typecheck';
import { languageOfPart, needsPython, type LanguageId } from '../languages';
import { describePython, findPython } from '../languages/python-interpreter';
import { readHandIns, type Mode, type Submission } from '../intake/hand-ins';
import type { FeedbackMode } from '../outputs/feedback';
import { notGraded } from '../outputs/gradebook';
import { OVERRIDES_FILE } from '../outputs/overrides';
import { renderClass } from '../outputs/render';
import { Progress, resultTable, styleOf } from '../outputs/terminal';
import { writeAtomically } from '../records/atomic';
import { gradeMissing, keysOf } from '../records/fill';
import { manifestOf, readManifest, writeManifest, type Manifest } from '../records/manifest';
import { describeGrader, graderVersion } from '../records/provenance';
import { RecordStore } from '../records/store';
import { formatPoints, textReport } from '../report';
import { BAREME_FILE, baremeHash, GradingError, loadBareme, score, type Bareme } from '../scoring';

export interface GradeOptions {
  paths: string[];
  mode: Mode;
  out?: string;
  seed: number;
  seedGiven: boolean;
  jobs: number;
  bareme?: string;
  only: string[];
  separator: ',' | ';';
  feedback: FeedbackMode;
  worksheet?: string;
  corrections?: string;
  rescore?: string;
  json?: string;
  visibility: Visibility;
  typecheck: boolean;
  /** Where a part holds both languages, the one to grade (TypeScript by default). */
  language?: LanguageId;
}

const VERDICTS_DIR = 'verdicts';

export async function runGrade(o: GradeOptions): Promise<number> {
  const bareme = loadBareme(ALL_CASES, o.bareme ?? BAREME_FILE);
  if (o.rescore) return rescore(o, bareme);
  const out = path.resolve(o.out ?? defaultOutDir(o.paths));
  const handIns = await readHandIns(o.paths, o.mode, [out]);
  for (const w of handIns.warnings) console.error(w);
  for (const s of handIns.submissions) inLanguage(s, o.language);
  if (handIns.singleCopy && !o.out) return gradeOneCopy(handIns.submissions[0], o, bareme);
  if (o.json) throw new GradingError(`--json n'accepte qu'une seule copie (${handIns.submissions.length} lues)\u00a0: pour une classe, voir json/ dans --out`);
  if (o.typecheck) throw new GradingError('--typecheck ne s\'applique qu\'à une seule copie');
  if (handIns.submissions.length === 0) throw new GradingError(`aucune copie dans ${o.paths.join(', ')}`);
  checkOutDir(out, o.paths);
  return gradeClass(handIns.submissions, out, o, bareme);
}

/** One copy: the report on the terminal, and results.json with --json. */
async function gradeOneCopy(submission: Submission, o: GradeOptions, bareme: Bareme): Promise<number> {
  await sayContainment([submission]);
  const started = performance.now();
  const [graded] = await gradeCopies([submission.copy!], o.seed, o.jobs);
  const seconds = (performance.now() - started) / 1000;
  const result = score(bareme, graded.verdicts);
  const lines = [textReport(submission.source, o.seed, result, bareme.a_la_main)];
  if (submission.notes.length > 0) lines.push('', 'Remarques sur la copie\u00a0:', ...submission.notes.map((n) => `  ${n}`));
  if (o.typecheck) {
    // Types exist only in the parts written in TypeScript.
    const parts = Object.entries(submission.copy!.parts).filter(([, dir]) => languageOfPart(dir!, submission.copy!.language).id === 'typescript');
    const errors = parts.flatMap(([p, dir]) => typecheckPart(dir!, Number(p)));
    lines.push('', errors.length === 0 ? 'Vérification des types\u00a0: aucune erreur.' : `Vérification des types (conseils, sans effet sur la note)\u00a0:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  }
  if (o.json) {
    const output = `Corrigé par ${describeGrader(graderVersion())}, barème ${baremeHash(bareme)}.${submission.notes.length ? `\n${submission.notes.join('\n')}` : ''}`;
    const json = gradescopeResults(result, seconds, { visibility: o.visibility, output, partSources: submission.partSources, summaryOnly: o.feedback === 'resume' });
    writeAtomically(o.json, JSON.stringify(json, null, 2) + '\n');
  }
  console.log(lines.join('\n'));
  console.log(`\nDurée\u00a0: ${seconds.toFixed(1)}\u00a0s`);
  sayGraderCpu();
  return 0;
}

/**
 * TP_MESURES=1 (maintainers, npm run bench): the grader's own CPU time, on stderr — the
 * supervisor and its workers, without the students' programs.
 */
function sayGraderCpu(): void {
  if (!process.env.TP_MESURES) return;
  const { supervisor, workers } = graderCpuMs();
  console.error(`CPU du correcteur\u00a0: ${((supervisor + workers) / 1000).toFixed(2)}\u00a0s (superviseur ${(supervisor / 1000).toFixed(2)}\u00a0s, travailleurs ${(workers / 1000).toFixed(2)}\u00a0s)`);
}

/**
 * Once, before grading: which layers of containment this machine gives (grader/sandbox), and,
 * when a part is in Python, which Python runs it (grader/languages).
 */
async function sayContainment(submissions: Submission[]): Promise<void> {
  console.error(describeLayers(sandboxLayers(), privateNetworkWorks()));
  const copies = submissions.flatMap((s) => (s.copy ? [s.copy] : []));
  if (needsPython(copies)) console.error(describePython(await findPython()));
}

/**
 * --langage: the language graded where a part holds both. It is part of what a record is of
 * when it changes a part's language: the same files graded in the other language are another
 * record (a copy whose parts all run in TypeScript keeps the key it always had).
 */
function inLanguage(s: Submission, language: LanguageId | undefined): void {
  if (!s.copy) return;
  if (language) s.copy.language = language;
  const languages = Object.entries(s.copy.parts).map(([p, dir]) => `${p}:${languageOfPart(dir!, s.copy!.language).id}`);
  if (s.contentHash && languages.some((l) => !l.endsWith(':typescript'))) {
    s.contentHash = createHash('sha256').update(`${s.contentHash} ${languages.join(' ')}`).digest('hex');
  }
}

async function gradeClass(submissions: Submission[], out: string, o: GradeOptions, bareme: Bareme): Promise<number> {
  await sayContainment(submissions);
  fs.mkdirSync(out, { recursive: true });
  const store = new RecordStore(path.join(out, VERDICTS_DIR));
  const regrade = new Set<Submission>();
  for (const id of o.only) {
    const s = submissions.find((x) => x.id === id);
    if (!s) throw new GradingError(`--only\u00a0: aucune copie «\u00a0${id}\u00a0» (identifiants\u00a0: ${submissions.map((x) => x.id).slice(0, 10).join(', ')}${submissions.length > 10 ? '…' : ''})`);
    if (s.state !== 'gradable') throw new GradingError(`--only\u00a0: la copie «\u00a0${id}\u00a0» ne peut pas être notée (${s.state === 'empty' ? 'rien de remis' : s.reason})`);
    regrade.add(s);
  }
  const title = o.paths.length === 1 ? path.basename(path.resolve(o.paths[0])) : path.basename(path.dirname(path.resolve(o.paths[0])));
  writeManifest(out, manifestOf(title, submissions, keysOf(submissions, o.seed), o.seed));
  const progress = new Progress(process.stderr, styleOf(process.stderr));
  await gradeMissing(submissions, store, o.seed, o.jobs, regrade, {
    planned: (list, already) => progress.planned(list.length, already),
    verdict: (s) => progress.working(s.name),
    copyDone: (s, verdicts) => {
      const r = score(bareme, verdicts);
      progress.copyDone(s.name === s.id ? s.name : `${s.name} (${s.id})`, `${formatPoints(r.points)}/${formatPoints(r.maxPoints)}`);
    },
  });
  progress.end();
  return render(out, readManifest(out), store, o, bareme);
}

/** --rescore DIR: every file again, from the records alone. */
async function rescore(o: GradeOptions, bareme: Bareme): Promise<number> {
  const dir = path.resolve(o.rescore!);
  const manifest = readManifest(dir);
  return render(dir, manifest, new RecordStore(path.join(dir, VERDICTS_DIR)), o, bareme);
}

async function render(out: string, manifest: Manifest, store: RecordStore, o: GradeOptions, bareme: Bareme): Promise<number> {
  const rendered = await renderClass({
    outDir: out,
    manifest,
    store,
    bareme,
    overridesFile: path.resolve(o.corrections ?? path.join(out, OVERRIDES_FILE)),
    separator: o.separator,
    feedback: o.feedback,
    worksheet: o.worksheet,
    title: manifest.title,
  });
  console.log(resultTable(rendered.results, bareme, styleOf(process.stdout)));
  for (const line of rendered.report) console.log(line);
  const relative = path.relative(process.cwd(), out);
  sayGraderCpu();
  const shownOut = relative === '' ? '.' : relative.startsWith('..') ? out : relative;
  console.log(`\nFichiers écrits dans ${shownOut}${path.sep}\u00a0: ${rendered.written.join(', ')}`);
  return rendered.results.some(notGraded) ? 1 : 0;
}

/**
 * notes/ beside the class: beside the folder or archive given, or beside the folder that holds
 * the copies given one by one (`copies/*` → `notes/` next to `copies/`).
 */
export function defaultOutDir(paths: string[]): string {
  const resolved = paths.map((p) => path.resolve(p));
  if (resolved.length === 1) return path.join(path.dirname(resolved[0]), 'notes');
  const parents = resolved.map((p) => path.dirname(p));
  let common = parents[0];
  while (!parents.every((p) => p === common || p.startsWith(common + path.sep))) common = path.dirname(common);
  return parents.every((p) => p === common) ? path.join(path.dirname(common), 'notes') : path.join(common, 'notes');
}

/** The results never go inside what is being graded (the next run would read them as a copy). */
function checkOutDir(out: string, paths: string[]): void {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const outReal = real(out);
  for (const p of paths) {
    const given = real(p);
    if (outReal === given || outReal.startsWith(given + path.sep)) throw new GradingError(`--out ${out} est dans ${p}, qui est noté\u00a0: choisissez un dossier à côté`);
  }
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new GradingError(`--out ${out} n'est pas un dossier`);
}
