// Grading a class: every (copy, test) pair runs in this one process, a few at a time, instead
// of one Jest process per copy.
import { ALL_CASES } from '../cases';
import { pool, runCase, type Verdict } from './runner';
import type { Copy } from './copy';

export interface GradedCopy {
  /** The copy's label (its folder, or the student's name). */
  folder: string;
  verdicts: Verdict[];
}

/** Runs every declared test against every copy. Parts absent from a copy fail with a note. */
export async function gradeCopies(copies: Copy[], seed: number, jobs: number): Promise<GradedCopy[]> {
  const pairs = copies.flatMap((copy) => ALL_CASES.map((testCase) => ({ copy, testCase })));
  const verdicts = await pool(pairs, jobs, ({ copy, testCase }) => runCase(testCase, copy, seed));
  return copies.map((copy, i) => ({
    folder: copy.label,
    verdicts: verdicts.slice(i * ALL_CASES.length, (i + 1) * ALL_CASES.length),
  }));
}
