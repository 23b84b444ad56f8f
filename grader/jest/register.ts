// The thin Jest adapter: runs the grader's test cases inside Jest tests (npm test). The cases,
// the harness and the runner are the grader's own; Jest only lists and reports them.
import type { TestCase } from '../cases';
import { copyOfFolder } from '../grading/copy';
import { runCase, type Verdict } from '../grading/runner';

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
