// The naive way to grade one copy, for `npm run bench` to compare with: one Jest process, every
// graded test registered as a Jest test, on the copy named by TP_DOSSIER. Jest's start-up is
// paid for each copy, nothing is shared between copies.
import { describe, it } from '@jest/globals';
import { ALL_CASES } from '../../grader/cases';
import { DEFAULT_GRADING_SEED } from '../../grader/harness/data';
import { expectPass } from '../../grader/jest/register';

const folder = process.env.TP_DOSSIER ?? 'exercises';

describe(`copie ${folder}`, () => {
  it.concurrent.each(ALL_CASES.map((c) => [c.id, c] as const))('%s', (_id, testCase) => expectPass(testCase, folder, DEFAULT_GRADING_SEED));
});
