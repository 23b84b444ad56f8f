// Each graded test can fail: a broken submission (a mutant of the reference) fails the tests
// it targets. Also checks that no student process outlives the run.
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { launchedCount, liveProcesses, survivingPids } from '../grader/harness/launcher';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { waitFor } from '../grader/harness/timing';
import { fixturesRoot, materialize, MUTANTS } from './fixtures/mutants';

const root = fixturesRoot();

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('chaque test noté a un mutant qui le fait échouer', () => {
  it.each(ALL_CASES.map((c) => [c.id]))('%s', (id) => {
    expect(MUTANTS.filter((m) => m.kills.includes(id)).map((m) => m.name)).not.toEqual([]);
  });
});

const pairs = MUTANTS.flatMap((m) => m.kills.map((id) => [m.name, id, m] as const));

describe('mutants', () => {
  it.concurrent.each(pairs)('le mutant « %s » fait échouer %s', async (_name, id, mutant) => {
    const testCase = ALL_CASES.find((c) => c.id === id);
    expect(testCase).toBeDefined();
    const verdict = await runCase(testCase!, copyOfFolder(materialize(mutant, root)), DEFAULT_GRADING_SEED);
    expect(verdict.status === 'failed' || verdict.status === 'timeout').toBe(true);
  });
});

describe('processus', () => {
  it("aucun programme lancé ne survit à la fin de ses tests", async () => {
    expect(launchedCount()).toBeGreaterThan(0);
    expect(liveProcesses()).toEqual([]);
    // The kernel tears boxes down asynchronously: allow for a loaded machine, never forever.
    await waitFor(() => (survivingPids().length === 0 ? true : undefined), 3000);
    expect(survivingPids()).toEqual([]);
  });
});
