// How one graded submission is shown on the terminal: a French text report, part by part and
// test by test (Gradescope's results.json is in grader/gradescope/, a class's files in
// grader/outputs/).
import { languageById } from './languages';
import type { Score, ScoredTest } from './scoring';

const MARK: Record<ScoredTest['status'], string> = { passed: '✓', failed: '✗', timeout: '⏱', error: '!' };

export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
}

/** `hand`: the barème's points graded by hand, which the tests' total leaves out. */
export function textReport(folder: string, seed: number, result: Score, hand?: { titre: string; points: number }): string {
  const out: string[] = [`Copie\u00a0: ${folder} (graine ${seed})`, ''];
  for (const part of result.parts) {
    // The language the part was run in (a copy may mix them, part by part).
    const language = part.tests.find((t) => t.language)?.language;
    out.push(`${part.title}${language ? ` (${languageById(language).name})` : ''} — ${formatPoints(part.points)}/${formatPoints(part.maxPoints)}`);
    // One reason for all (a missing folder): said once, not once per test.
    const first = part.tests[0];
    const shared = first && part.tests.every((t) => t.status !== 'passed' && t.feedback === first.feedback) ? first.feedback : undefined;
    if (shared) out.push(indent(shared, '    '));
    for (const t of part.tests) {
      const status = t.status === 'timeout' ? ' — temps dépassé' : t.status === 'error' ? ' — erreur du correcteur' : '';
      out.push(`  ${MARK[t.status]} ${t.id} — ${t.title} (${formatPoints(t.points)}/${formatPoints(t.maxPoints)})${status}`);
      if (t.status !== 'passed' && t.feedback && !shared) out.push(indent(t.feedback, '      '));
    }
    out.push('');
  }
  for (const part of result.parts) out.push(`${part.title}\u00a0: ${formatPoints(part.points)}/${formatPoints(part.maxPoints)}`);
  if (hand) {
    out.push(`${hand.titre}\u00a0: noté à la main, sur ${formatPoints(hand.points)}`);
    out.push(`Total des tests\u00a0: ${formatPoints(result.points)}/${formatPoints(result.maxPoints)}`);
  } else {
    out.push(`Total\u00a0: ${formatPoints(result.points)}/${formatPoints(result.maxPoints)}`);
  }
  return out.join('\n');
}

function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}
