// Runs the public tests of one part on the student's folder with the public seed: the grader's
// own cases and runner, so that `npm run check` and `npm run grade` can never disagree on a rule.
import { casesOfPart } from '../cases';
import { copyOfFolder } from '../grading/copy';
import { DEFAULT_JOBS, pool, runCase, type Verdict } from '../grading/runner';
import { PUBLIC_SEED } from '../harness/data';
import { stopAll } from '../harness/launcher';
import { releasePorts } from '../harness/ports';
import { removeBuilds } from '../harness/transpile';
import { checkedLanguage } from './dossier';

/**
 * Every public test of `part` on `folder`, in the énoncé's order. The part is transpiled anew
 * (a watch run sees the last save), and nothing is left running or claimed afterwards.
 */
export async function checkPart(folder: string, part: number, onVerdict?: (v: Verdict) => void, jobs = DEFAULT_JOBS): Promise<Verdict[]> {
  removeBuilds();
  const copy = copyOfFolder(folder, folder, checkedLanguage());
  try {
    return await pool(casesOfPart(part), jobs, async (testCase) => {
      const verdict = await runCase(testCase, copy, PUBLIC_SEED);
      onVerdict?.(verdict);
      return verdict;
    });
  } finally {
    await stopAll();
    releasePorts();
  }
}
