// Grading a class: the supervisor hands each copy to a worker process (one copy per worker at a
// time, a few tests at once inside it) instead of one Jest process per copy. Verdicts are
// reported as they come, so that a caller can store them at once: an interrupted run keeps
// everything already graded.
import * as os from 'node:os';
import { ALL_CASES, type TestCase } from '../cases';
import type { Copy } from './copy';
import type { Verdict } from './runner';
import { supervise } from './supervisor';

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

export interface GradingOptions {
  /** The tests to run on copy number `index` (every declared test by default). */
  casesOf?(index: number): TestCase[];
  /** Worker processes at once; by default one per core, at most one per two tests at once. */
  workers?: number;
}

/** Runs the tests against every copy. Parts absent from a copy fail with a note. */
export async function gradeCopies(copies: Copy[], seed: number, jobs: number, events: GradingEvents = {}, options: GradingOptions = {}): Promise<GradedCopy[]> {
  const casesOf = copies.map((_, index) => options.casesOf?.(index) ?? ALL_CASES);
  const titles = new Map(ALL_CASES.map((c) => [c.id, { part: c.part, title: c.title }]));
  const results: Verdict[][] = copies.map(() => []);
  const workers = options.workers ?? Math.max(1, Math.min(os.availableParallelism(), Math.ceil(jobs / 2)));
  await supervise(
    copies.map((copy, index) => ({ index, copy, caseIds: casesOf[index].map((c) => c.id), titles })),
    {
      seed,
      jobs,
      workers,
      onVerdict(index, verdict) {
        results[index].push(verdict);
        events.verdict?.(index, verdict);
        if (results[index].length === casesOf[index].length) events.copyDone?.(index, { folder: copies[index].label, verdicts: ordered(results[index], casesOf[index]) });
      },
    },
  );
  return copies.map((copy, i) => ({ folder: copy.label, verdicts: ordered(results[i], casesOf[i]) }));
}

/** Verdicts in the order the tests are declared. */
function ordered(verdicts: Verdict[], cases: TestCase[]): Verdict[] {
  const rank = new Map(cases.map((c, i) => [c.id, i]));
  return [...verdicts].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
}
