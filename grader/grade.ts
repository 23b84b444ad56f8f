// Grading a class: every (submission, test) pair runs in this one process, a few at a time,
// instead of one Jest process per submission.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_CASES, PARTS } from './cases';
import { GradingError } from './scoring';
import { pool, runCase, type Verdict } from './runner';
import { partDirName } from './harness/transpile';

export interface GradedSubmission {
  folder: string;
  verdicts: Verdict[];
}

/** Parts present in a submission folder (a `partie-N` directory per declared part). */
export function partsIn(folder: string): number[] {
  return PARTS.filter((p) => fs.existsSync(path.join(folder, partDirName(p))));
}

/** Checks that `folder` can be graded; throws a GradingError with one French line otherwise. */
export function checkSubmissionFolder(folder: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new GradingError(`dossier introuvable\u00a0: ${folder}`);
  }
  if (!stat.isDirectory()) throw new GradingError(`ce n'est pas un dossier\u00a0: ${folder}`);
  try {
    fs.accessSync(folder, fs.constants.R_OK | fs.constants.X_OK);
    fs.readdirSync(folder);
  } catch {
    throw new GradingError(`dossier illisible\u00a0: ${folder}`);
  }
  if (partsIn(folder).length === 0) {
    throw new GradingError(`aucun dossier partie-1 … partie-4 dans ${folder}\u00a0: est-ce bien une copie\u00a0?`);
  }
}

/** Runs every declared test against every folder. Parts absent from a folder fail with a note. */
export async function gradeFolders(folders: string[], seed: number, jobs: number): Promise<GradedSubmission[]> {
  const pairs = folders.flatMap((folder) => ALL_CASES.map((testCase) => ({ folder, testCase })));
  const verdicts = await pool(pairs, jobs, ({ folder, testCase }) => runCase(testCase, folder, seed));
  return folders.map((folder, i) => ({
    folder,
    verdicts: verdicts.slice(i * ALL_CASES.length, (i + 1) * ALL_CASES.length),
  }));
}
