// Grades what the store does not hold yet: a copy whose record is complete is never run again
// (an interrupted class resumes where it stopped, another barème re-scores without running), and
// the same content handed in twice is graded once.
import { gradeCopies } from '../grading/class-run';
import type { Verdict } from '../grading/runner';
import type { Submission } from '../intake/hand-ins';
import { graderVersion } from './provenance';
import { recordKey, type RecordStore } from './store';

export interface FillEvents {
  /** Before the first test: how many copies will run, how many were already graded. */
  planned?(toGrade: Submission[], alreadyGraded: number): void;
  /** A verdict of this copy is stored. */
  verdict?(submission: Submission): void;
  /** One copy has all its verdicts (stored). */
  copyDone?(submission: Submission, verdicts: Verdict[], done: number, total: number): void;
}

export interface Filled {
  /** The record of each gradable submission. */
  keys: Map<Submission, string>;
  graded: number;
  alreadyGraded: number;
}

/** Every gradable submission's record key. */
export function keysOf(submissions: Submission[], seed: number): Map<Submission, string> {
  const grader = graderVersion();
  const keys = new Map<Submission, string>();
  for (const s of submissions) if (s.state === 'gradable' && s.contentHash) keys.set(s, recordKey(s.contentHash, seed, grader));
  return keys;
}

export async function gradeMissing(
  submissions: Submission[],
  store: RecordStore,
  seed: number,
  jobs: number,
  regrade: ReadonlySet<Submission> = new Set(),
  events: FillEvents = {},
): Promise<Filled> {
  const keys = keysOf(submissions, seed);
  const todo = new Map<string, Submission>();
  let alreadyGraded = 0;
  for (const [submission, key] of keys) {
    if (todo.has(key)) continue;
    const stored = store.read(key);
    const complete = stored !== undefined && 'record' in stored && stored.record.complete;
    if (complete && !regrade.has(submission)) alreadyGraded++;
    else todo.set(key, submission);
  }
  const list = [...todo.entries()];
  events.planned?.(list.map(([, s]) => s), alreadyGraded);
  const grader = graderVersion();
  for (const [key] of list) store.start(key, seed, grader);
  let done = 0;
  await gradeCopies(
    list.map(([, s]) => s.copy!),
    seed,
    jobs,
    {
      verdict: (index, verdict) => {
        store.add(list[index][0], verdict);
        events.verdict?.(list[index][1]);
      },
      copyDone: (index, graded) => {
        store.complete(list[index][0], graded.verdicts);
        events.copyDone?.(list[index][1], graded.verdicts, ++done, list.length);
      },
    },
  );
  return { keys, graded: list.length, alreadyGraded };
}
