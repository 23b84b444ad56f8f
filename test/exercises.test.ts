// The untouched skeletons earn 0, fast: every test fails at once with a message that points to
// a TODO, without waiting on any deadline.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { gradeCopies } from '../grader/grading/class-run';
import { copyOfFolder } from '../grader/grading/copy';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import type { Verdict } from '../grader/grading/runner';
import { loadBareme, score } from '../grader/scoring';

let verdicts: Verdict[];
let elapsedMs: number;

beforeAll(async () => {
  const started = performance.now();
  [{ verdicts }] = await gradeCopies([copyOfFolder('exercises')], DEFAULT_GRADING_SEED, 4);
  elapsedMs = performance.now() - started;
});

describe('exercises/ non modifié', () => {
  it('obtient 0/20 en moins de 10 s', () => {
    expect(score(loadBareme(ALL_CASES), verdicts).points).toBe(0);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it.each(ALL_CASES.map((c) => [c.id]))('%s échoue aussitôt en nommant un TODO', (id) => {
    const v = verdicts.find((x) => x.id === id)!;
    expect(v.status).toBe('failed');
    expect(v.feedback).toMatch(/TODO \d+ \((serveur|client)\.ts, \w+\)/);
    expect(v.durationMs).toBeLessThan(2_000);
  });
});
