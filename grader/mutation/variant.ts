// A variant of the reference: solutions/partie-N copied into a fresh submission folder with one
// file's source replaced. Hand-written mutant fixtures (test/fixtures/mutants.ts) and the
// mutation tool's mutants (npm run mutation) are both graded as such folders, exactly as a
// student's copy would be: the grader never runs code it did not receive as a submission.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SOLUTIONS = path.join(REPO_ROOT, 'solutions');

/** The reference source of `file` in part `part`. */
export function referenceSource(part: number, file: string): string {
  return fs.readFileSync(path.join(SOLUTIONS, `partie-${part}`, file), 'utf8');
}

/** Writes a copy of the reference's part `part` under `root`, with `file` holding `source`; returns the copy's folder. */
export function writeVariant(root: string, part: number, file: string, source: string): string {
  const folder = fs.mkdtempSync(path.join(root, 'mutant-'));
  const partDir = path.join(folder, `partie-${part}`);
  fs.cpSync(path.join(SOLUTIONS, `partie-${part}`), partDir, { recursive: true });
  fs.writeFileSync(path.join(partDir, file), source);
  return folder;
}
