// grader/gradescope/run_autograder in a simulated /autograder: the repository as source/ (with
// the teacher's graine.txt), a student's repository zip as submission/; it must write
// results/results.json in Gradescope's format, graded tests hidden until the deadline, one
// visible check per part, and a readable reason when nothing can be graded.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { ROOT } from './cli';
import { craftZip } from './craft-archives';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-gradescope-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** /autograder as Gradescope lays it out, under `name`. */
function autograder(name: string, submission: (dir: string) => void): string {
  const root = path.join(work, name);
  const source = path.join(root, 'source');
  fs.mkdirSync(source, { recursive: true });
  for (const entry of ['grader', 'node_modules', 'package.json', 'package-lock.json', 'tsconfig.json']) fs.symlinkSync(path.join(ROOT, entry), path.join(source, entry));
  fs.writeFileSync(path.join(source, 'graine.txt'), '81723\n');
  fs.mkdirSync(path.join(root, 'submission'));
  submission(path.join(root, 'submission'));
  return root;
}

function runAutograder(root: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(ROOT, 'grader', 'gradescope', 'run_autograder')], { env: { ...process.env, AUTOGRADER_ROOT: root, TMPDIR: work } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('Gradescope', () => {
  it('une soumission (le zip du dépôt) : results.json, tests cachés jusqu\'à la date limite, un contrôle visible par partie', async () => {
    const root = autograder('zip', (dir) => {
      const files = ['serveur.ts', 'client.ts'].map((f) => ({ name: `tp-micro-service/exercises/partie-1/${f}`, data: fs.readFileSync(path.join(ROOT, 'solutions', 'partie-1', f)), deflate: true }));
      fs.writeFileSync(path.join(dir, 'tp-micro-service.zip'), craftZip(files));
    });
    const r = await runAutograder(root);
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ score: 4, max_score: 20 });
    expect(typeof results.execution_time).toBe('number');
    expect(results.output).toMatch(/^Corrigé par tp-micro-service .*, barème sha256:[0-9a-f]{12}\.$/);
    const checks = results.tests.filter((t: { number: string }) => t.number.endsWith('.0'));
    expect(checks.map((t: { number: string; status: string; visibility: string }) => [t.number, t.status, t.visibility])).toEqual([
      ['1.0', 'passed', 'visible'],
      ['2.0', 'failed', 'visible'],
      ['3.0', 'failed', 'visible'],
      ['4.0', 'failed', 'visible'],
    ]);
    expect(checks[0].output).toBe('Noté\u00a0: tp-micro-service.zip › tp-micro-service/exercises/partie-1/');
    const graded = results.tests.filter((t: { number: string }) => !t.number.endsWith('.0'));
    expect(graded).toHaveLength(ALL_CASES.length);
    for (const t of graded) {
      expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'number', 'output', 'score', 'status', 'visibility']);
      expect(t.visibility).toBe('after_due_date');
    }
    expect(JSON.stringify(results)).not.toContain('81723'); // the seed stays the teacher's
  }, 120_000);

  it('rien à noter : un results.json quand même, 0 et la raison en français', async () => {
    const root = autograder('vide', (dir) => fs.writeFileSync(path.join(dir, 'rapport.pdf'), '%PDF-1.4'));
    const r = await runAutograder(root);
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8'));
    expect(results).toEqual({ score: 0, max_score: 20, output: expect.stringMatching(/^Erreur\u00a0: aucun dossier partie-1 … partie-4 dans .*submission\u00a0: est-ce bien une copie\u00a0\?$/), tests: [] });
  }, 60_000);
});
