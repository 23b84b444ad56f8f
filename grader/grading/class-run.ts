// Grading a class: every (copy, test) pair runs in this one process, a few at a time, instead
// of one Jest process per copy. Verdicts are reported as they come, so that a caller can store
// them at once: an interrupted run keeps everything already graded.
import { ALL_CASES } from '../cases';
import { pool, runCase, type Verdict } from './runner';
import type { Copy } from './copy';

export interface GradedCopy {
  /** The copy's label (its folder, or the student's name). */
  folder: string;
  verdicts: Verdict[];
}

export interface GradingEvents {
  /** One test of copy number `index` (in the order given) has its verdict. */
  verdict?(index: number, verdict: Verdict): void;
  /** Every test of copy number `index` has its verdict. */
  copyDone?(index: number, graded: GradedCopy): void;
}

/** Runs every declared test against every copy. Parts absent from a copy fail with a note. */
export async function gradeCopies(copies: Copy[], seed: number, jobs: number, events: GradingEvents = {}): Promise<GradedCopy[]> {
  const pairs = copies.flatMap((copy, index) => ALL_CASES.map((testCase) => ({ copy, index, testCase })));
  const results: Verdict[][] = copies.map(() => []);
  const verdicts = await pool(pairs, jobs, async ({ copy, index, testCase }) => {
    const v = await runCase(testCase, copy, seed);
    events.verdict?.(index, v);
    results[index].push(v);
    if (results[index].length === ALL_CASES.length) events.copyDone?.(index, { folder: copy.label, verdicts: ordered(results[index]) });
    return v;
  });
  return copies.map((copy, i) => ({
    folder: copy.label,
    verdicts: verdicts.slice(i * ALL_CASES.length, (i + 1) * ALL_CASES.length),
  }));
}

/** Verdicts in the order the tests are declared. */
function ordered(verdicts: Verdict[]): Verdict[] {
  const rank = new Map(ALL_CASES.map((c, i) => [c.id, i]));
  return [...verdicts].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
}
