// Each Python mutant (test/fixtures/python-mutants.ts) fails the tests it targets, graded by the
// same cases as the TypeScript ones: what students most often miss in Python costs what it
// costs in TypeScript, and the feedback says why.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { liveProcesses } from '../grader/harness/launcher';
import { materializePython, PYTHON_MUTANTS } from './fixtures/python-mutants';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-python-mutants-'));

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const pairs = PYTHON_MUTANTS.flatMap((m) => m.kills.map((id) => [m.name, id, m] as const));

describe('mutants en Python', () => {
  it.concurrent.each(pairs)('le mutant « %s » fait échouer %s', async (_name, id, mutant) => {
    const testCase = ALL_CASES.find((c) => c.id === id);
    expect(testCase).toBeDefined();
    const verdict = await runCase(testCase!, copyOfFolder(materializePython(mutant, root)), DEFAULT_GRADING_SEED);
    expect(verdict.language).toBe('python');
    expect(['failed', 'timeout']).toContain(verdict.status);
    if (mutant.feedback) expect(verdict.feedback).toMatch(mutant.feedback);
  });

  it('aucun programme lancé ne survit à ses tests', () => {
    expect(liveProcesses()).toEqual([]);
  });
});
