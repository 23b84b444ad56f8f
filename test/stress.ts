// npm run stress -- N: grades solutions/ (every test) and every mutant (the tests it targets)
// N times while busy loops keep every core busy, and lists each verdict that was not the same in
// every pass. A flaky test shows up here; it is fixed in the test or the harness, never retried.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { ALL_CASES, type TestCase } from '../grader/cases';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { killAllNow } from '../grader/harness/launcher';
import { copyOfFolder } from '../grader/grading/copy';
import { DEFAULT_JOBS, pool, runCase, type Status } from '../grader/grading/runner';
import { fixturesRoot, materialize, MUTANTS } from './fixtures/mutants';

const MAX_PASSES = 200;
const LOAD_CAP_MS = 30 * 60_000; // the busy loops stop by themselves after this, whatever happens

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

interface Job {
  label: string;
  folder: string;
  testCase: TestCase;
}

async function main(): Promise<void> {
  const passes = parsePasses(process.argv[2]);
  const root = fixturesRoot();
  const jobs: Job[] = ALL_CASES.map((testCase) => ({ label: 'solutions', folder: 'solutions', testCase }));
  for (const mutant of MUTANTS) {
    const folder = materialize(mutant, root);
    for (const id of mutant.kills) jobs.push({ label: `mutant «\u00a0${mutant.name}\u00a0»`, folder, testCase: ALL_CASES.find((c) => c.id === id)! });
  }
  const load = startLoad();
  const stopLoad = () => load.forEach((p) => p.kill('SIGKILL'));
  process.once('exit', () => {
    stopLoad();
    killAllNow();
    fs.rmSync(root, { recursive: true, force: true });
  });
  process.once('SIGINT', () => process.exit(130));

  const seen = jobs.map(() => new Map<Status, number>());
  for (let pass = 1; pass <= passes; pass++) {
    const started = performance.now();
    const verdicts = await pool(jobs, DEFAULT_JOBS, (j) => runCase(j.testCase, copyOfFolder(j.folder), DEFAULT_GRADING_SEED));
    verdicts.forEach((v, i) => seen[i].set(v.status, (seen[i].get(v.status) ?? 0) + 1));
    console.log(`passage ${pass}/${passes}\u00a0: ${verdicts.length} verdicts en ${((performance.now() - started) / 1000).toFixed(1)}\u00a0s`);
  }
  stopLoad();

  let differing = 0;
  jobs.forEach((j, i) => {
    if (seen[i].size < 2) return;
    differing++;
    const counts = [...seen[i]].map(([status, n]) => `${status} ×${n}`).join(', ');
    console.log(`différent\u00a0: ${j.label} — ${j.testCase.id}\u00a0: ${counts}`);
  });
  console.log(`verdicts différents\u00a0: ${differing} sur ${passes} passages`);
  process.exitCode = differing === 0 ? 0 : 1;
}

void main();
