// The Python references earn every point with the public seed too (the grading seed is graded
// in python.test.ts, in one class run with the other languages): same tests, other data.
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { PUBLIC_SEED } from '../grader/harness/data';
import { VerdictError } from '../grader/jest/register';

const SOLUTIONS = copyOfFolder('solutions', 'solutions (Python)', 'python');

describe('solutions/ en Python (graine publique)', () => {
  it.concurrent.each(ALL_CASES.map((c) => [c.id, c] as const))('%s réussit', async (_id, testCase) => {
    const verdict = await runCase(testCase, SOLUTIONS, PUBLIC_SEED);
    expect(verdict.language).toBe('python');
    if (verdict.status !== 'passed') throw new VerdictError(verdict);
  });
});
