// npm run stress -- N: grades solutions/ (every test, in TypeScript and in Python) and every
// mutant (the tests it targets) N times while busy loops keep every core busy, and lists each
// verdict that was not the same in every pass. A flaky test shows up here; it is fixed in the
// test or the harness, never retried. Each pass grades the way `npm run grade` does: one class
// run through the supervisor, its workers and their sandboxes, so that what is measured is what
// a teacher gets. Faults of the grader's environment (incidents) are counted, not hidden.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_CASES, type TestCase } from '../grader/cases';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { killAllNow } from '../grader/harness/launcher';
import { gradeCopies } from '../grader/grading/class-run';
import { copyOfFolder, type Copy } from '../grader/grading/copy';
import { DEFAULT_JOBS } from '../grader/grading/runner';
import { fixturesRoot, materialize, MUTANTS } from './fixtures/mutants';
import { materializePython, PYTHON_MUTANTS } from './fixtures/python-mutants';

const MAX_PASSES = 200;
const LOAD_CAP_MS = 3 * 60 * 60_000; // the busy loops stop by themselves after this, whatever happens
const ROOT = path.join(__dirname, '..');

function parsePasses(arg: string | undefined): number {
  const n = Number(arg ?? 5);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PASSES) {
    console.error(`Erreur\u00a0: le nombre de passages doit être un entier de 1 à ${MAX_PASSES}, pas «\u00a0${arg}\u00a0».`);
    process.exit(2);
  }
  return n;
}

/** One busy loop per core, each bounded in time. */
function startLoad(): ChildProcess[] {
  const loop = `const end = Date.now() + ${LOAD_CAP_MS}; while (Date.now() < end) {}`;
  return Array.from({ length: os.availableParallelism() }, () => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
}

interface Graded {
  copy: Copy;
  cases: TestCase[];
}

const byId = new Map(ALL_CASES.map((c) => [c.id, c]));

async function main(): Promise<void> {
  const passes = parsePasses(process.argv[2]);
  const root = fixturesRoot();
  const python = path.join(root, 'solutions-python');
  fs.cpSync(path.join(ROOT, 'solutions'), python, { recursive: true });
  const graded: Graded[] = [
    { copy: copyOfFolder(path.join(ROOT, 'solutions'), 'solutions', 'typescript'), cases: ALL_CASES },
    { copy: copyOfFolder(python, 'solutions (Python)', 'python'), cases: ALL_CASES },
    ...MUTANTS.map((m) => ({ copy: copyOfFolder(materialize(m, root), `mutant «\u00a0${m.name}\u00a0»`), cases: m.kills.map((id) => byId.get(id)!) })),
    ...PYTHON_MUTANTS.map((m) => ({ copy: copyOfFolder(materializePython(m, root), `mutant Python «\u00a0${m.name}\u00a0»`), cases: m.kills.map((id) => byId.get(id)!) })),
  ];
  const load = startLoad();
  const stopLoad = () => load.forEach((p) => p.kill('SIGKILL'));
  process.once('exit', () => {
    stopLoad();
    killAllNow();
    fs.rmSync(root, { recursive: true, force: true });
  });
  // Stopped from outside too, the busy loops go with it (through 'exit').
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));

  // Per verdict, per status: how many times, and the first feedback with its pass, so that a
  // verdict that differs is shown with what it said, and its cause can be looked for.
  const seen = graded.map((g) => g.cases.map(() => new Map<string, { count: number; pass: number; feedback?: string }>()));
  let incidents = 0;
  const total = graded.reduce((n, g) => n + g.cases.length, 0);
  for (let pass = 1; pass <= passes; pass++) {
    const started = performance.now();
    const copies = await gradeCopies(graded.map((g) => g.copy), DEFAULT_GRADING_SEED, DEFAULT_JOBS, {}, { casesOf: (i) => graded[i].cases });
    copies.forEach((c, i) =>
      c.verdicts.forEach((v, k) => {
        const met = seen[i][k].get(v.status);
        if (met) met.count++;
        else seen[i][k].set(v.status, { count: 1, pass, feedback: v.feedback });
        incidents += v.incidents?.length ?? 0;
      }),
    );
    // So far: a long run stopped early still says what it saw.
    const differingSoFar = seen.flat().filter((m) => m.size > 1).length;
    console.log(`passage ${pass}/${passes}\u00a0: ${total} verdicts en ${((performance.now() - started) / 1000).toFixed(1)}\u00a0s (différents jusqu'ici\u00a0: ${differingSoFar}, incidents\u00a0: ${incidents})`);
  }
  stopLoad();

  let differing = 0;
  graded.forEach((g, i) =>
    g.cases.forEach((testCase, k) => {
      if (seen[i][k].size < 2) return;
      differing++;
      const counts = [...seen[i][k]].map(([status, met]) => `${status} ×${met.count}`).join(', ');
      console.log(`différent\u00a0: ${g.copy.label} — ${testCase.id}\u00a0: ${counts}`);
      for (const [status, first] of seen[i][k]) {
        const text = (first.feedback ?? '(aucun retour)').replace(/^/gm, '    ');
        console.log(`  ${status}, la première fois au passage ${first.pass}\u00a0:\n${text}`);
      }
    }),
  );
  console.log(`incidents de l'environnement du correcteur (tests relancés une fois)\u00a0: ${incidents}`);
  console.log(`verdicts différents\u00a0: ${differing} sur ${passes} passages`);
  process.exitCode = differing === 0 ? 0 : 1;
}

void main();
