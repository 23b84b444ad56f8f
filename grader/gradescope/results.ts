// Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// a score, and one entry per test with its points, its output and its `visibility`: `visible`,
// `hidden`, `after_due_date` or `after_published`. Hidden tests shown after the deadline are
// `after_due_date`; students then see, before it, only one check per part saying whether its
// folder was found (worth no points), so that a hand-in read wrongly is caught at once.
import type { Score } from '../scoring';

export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

export const VISIBILITIES: readonly Visibility[] = ['visible', 'hidden', 'after_due_date', 'after_published'];

export interface GradescopeOptions {
  /** Visibility of the graded tests ('visible' by default). */
  visibility?: Visibility;
  /** Text for the whole submission: provenance, remarks on the hand-in. */
  output?: string;
  /** Where each part was found in the hand-in, for the checks shown before the deadline. */
  partSources?: Partial<Record<number, string>>;
  /** Show only each test's name and result, not what was sent and received. */
  summaryOnly?: boolean;
}

export function gradescopeResults(result: Score, executionSeconds: number, options: GradescopeOptions = {}) {
  const visibility = options.visibility ?? 'visible';
  const graded = (part: Score['parts'][number]) =>
    part.tests.map((t) => ({
      name: `${t.id} — ${t.title}`,
      number: t.number,
      score: t.points,
      max_score: t.maxPoints,
      status: t.status === 'passed' ? 'passed' : 'failed',
      output: t.status === 'passed' || options.summaryOnly ? '' : (t.status === 'timeout' ? 'Temps dépassé. ' : '') + (t.feedback ?? ''),
      visibility,
    }));
  // Before the deadline, one visible check per part (worth nothing) says whether it was found.
  const check = (part: Score['parts'][number]) => {
    const where = options.partSources?.[part.part];
    const absent = part.tests.every((t) => t.feedback?.startsWith('Fichier absent'));
    return {
      name: `partie-${part.part}\u00a0: dossier trouvé (sans points)`,
      number: `${part.part}.0`,
      score: 0,
      max_score: 0,
      status: absent ? 'failed' : 'passed',
      output: absent ? (part.tests[0]?.feedback ?? '') : where ? `Noté\u00a0: ${where}/` : '',
      visibility: 'visible' as Visibility,
    };
  };
  const tests = result.parts.flatMap((part) => [...(visibility === 'visible' ? [] : [check(part)]), ...graded(part)]);
  return {
    score: result.points,
    max_score: result.maxPoints,
    execution_time: Math.round(executionSeconds * 10) / 10,
    ...(options.output ? { output: options.output } : {}),
    tests,
  };
}
