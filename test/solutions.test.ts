// The reference solutions earn every point, with the grading seed and with the public one.
import { describe, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { DEFAULT_GRADING_SEED, PUBLIC_SEED } from '../grader/harness/data';
import { expectPass } from '../grader/jest/register';

const SOLUTIONS = 'solutions';

describe.each([
  ['graine de correction', DEFAULT_GRADING_SEED],
  ['graine publique', PUBLIC_SEED],
])('solutions/ (%s)', (_name, seed) => {
  it.concurrent.each(ALL_CASES.map((c) => [c.id, c] as const))('%s réussit', (_id, testCase) => expectPass(testCase, SOLUTIONS, seed));
});
