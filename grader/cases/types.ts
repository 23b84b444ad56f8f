// A graded behaviour, declared once. The grader's scheduler runs it for `npm run grade`; a thin
// Jest adapter registers the same object for `npm run check` (public seed) and `npm test`.
import type { TestContext } from '../harness/context';

export interface TestCase {
  /** Stable id used by the barème and stored verdicts, e.g. "p2-echo-ordre". Never reuse one. */
  id: string;
  part: number;
  /** The behaviour, in French, as the énoncé states it. */
  title: string;
  /**
   * The sentence of the énoncé's « Contrat » section that this case grades, quoted word for
   * word (without Markdown's backticks): every failure names it. test/contract.test.ts checks
   * the quote against exercises/partie-N/README.md.
   */
  contract: string;
  /** Whole-test bound in ms (before scaling); DEADLINES.test by default. */
  timeoutMs?: number;
  run(t: TestContext): Promise<void>;
}
