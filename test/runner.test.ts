// The runner's own guarantees: a test that overruns is a timeout worth 0, never a pass, and the
// report says so; the barème in grader/bareme.json is consistent with the declared tests.
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { textReport } from '../grader/report';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import type { TestContext } from '../grader/harness/context';
import { liveProcesses } from '../grader/harness/launcher';
import { loadBareme, score } from '../grader/scoring';

describe('runner', () => {
  it('un test qui dépasse son temps est « temps dépassé » et vaut 0', async () => {
    const stuck = { ...ALL_CASES[0], timeoutMs: 200, run: () => new Promise<void>(() => {}) };
    const verdict = await runCase(stuck, copyOfFolder('solutions'), 1);
    expect(verdict.status).toBe('timeout');
    expect(verdict.feedback).toMatch(/^Temps dépassé/);
    const result = score(loadBareme(ALL_CASES), [verdict]);
    expect(result.points).toBe(0);
    expect(textReport('copie', 1, result)).toContain(`⏱ ${stuck.id}`);
  });

  it('un test qui continue après son temps ne peut plus lancer de programme', async () => {
    let resume!: () => void;
    let late!: Promise<unknown>;
    const overrunning = {
      ...ALL_CASES[0],
      timeoutMs: 100,
      run: (t: TestContext) => {
        late = new Promise<void>((r) => (resume = r)).then(() => t.start('serveur', ['1']));
        return late.then(() => undefined);
      },
    };
    expect((await runCase(overrunning, copyOfFolder('solutions'), 1)).status).toBe('timeout');
    resume();
    await expect(late).rejects.toThrow('Test arrêté');
    expect(liveProcesses()).toEqual([]);
  });

  it('les identifiants de test sont uniques et le barème fait 20 points', () => {
    const ids = ALL_CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(loadBareme(ALL_CASES).total).toBe(20);
  });
});
