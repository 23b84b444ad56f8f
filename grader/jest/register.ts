// The thin Jest adapter: registers the grader's test cases as Jest tests. The cases, the
// harness and the runner are the grader's own; Jest only lists and reports them.
import { describe, it } from '@jest/globals';
import { ALL_CASES, casesOfPart, type TestCase } from '../cases';
import { copyOfFolder } from '../grading/copy';
import { runCase, type Verdict } from '../grading/runner';
import { loadBareme } from '../scoring';

/** A failure shown by Jest as the French feedback alone, without a stack trace of the harness. */
export class VerdictError extends Error {
  constructor(verdict: Verdict) {
    const text = `${verdict.status === 'timeout' ? 'Temps dépassé. ' : ''}${verdict.feedback ?? ''}`;
    super(text);
    this.name = verdict.id;
    this.stack = `${verdict.id}\u00a0: ${text}`;
  }
}

/** Runs `testCase` on `folder` and throws VerdictError unless it passes. */
export async function expectPass(testCase: TestCase, folder: string, seed: number): Promise<void> {
  const verdict = await runCase(testCase, copyOfFolder(folder), seed);
  if (verdict.status !== 'passed') throw new VerdictError(verdict);
}

/** Registers every test of `part` against `folder`, the way `npm run check` shows them. */
export function registerPart(part: number, folder: string, seed: number): void {
  const title = loadBareme(ALL_CASES).parties.find((p) => p.partie === part)?.titre ?? `Partie ${part}`;
  describe(title, () => {
    for (const testCase of casesOfPart(part)) {
      it.concurrent(`${testCase.title} [${testCase.id}]`, () => expectPass(testCase, folder, seed));
    }
  });
}
