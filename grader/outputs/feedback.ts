// retours/<id>.md: what a student reads. Every test with its points and, for a test failed,
// what was sent, expected and received (`complet`); or only each test's name and result
// (`resume`, when the hidden tests' data must stay hidden). It names the grader's version and
// the barème's fingerprint, so that a disputed grade can be traced.
import { languageById } from '../languages';
import { formatPoints } from '../report';
import type { Bareme, ScoredTest } from '../scoring';
import type { StudentResult } from './gradebook';

export type FeedbackMode = 'complet' | 'resume';

export interface Provenance {
  grader: string;
  bareme: string;
}

const MARK: Record<ScoredTest['status'], string> = { passed: '✓', failed: '✗', timeout: '⏱', error: '!' };

export function feedbackMarkdown(result: StudentResult, bareme: Bareme, provenance: Provenance, mode: FeedbackMode): string {
  const s = result.student;
  const out: string[] = [`# Retour — ${s.name}${s.name === s.id ? '' : ` (${s.id})`}`, ''];
  const total = result.total === undefined ? '—' : `${formatPoints(result.total)}/${bareme.total}`;
  if (result.status === 'absent') out.push('Rien n\'a été remis\u00a0: pas de note.', '');
  else if (result.status === 'non noté') out.push(`Copie non notée\u00a0: ${result.why}. L'enseignant la regardera.`, '');
  else out.push(`**Note\u00a0: ${total}** (${result.status})`, '');

  if (result.override?.comment) out.push(`Commentaire de l'enseignant\u00a0: ${result.override.comment}`, '');
  if (result.override?.grade !== undefined && result.computed !== undefined) {
    out.push(`Note fixée par l'enseignant (note calculée par le correcteur\u00a0: ${formatPoints(result.computed)}/${bareme.total}).`, '');
  }
  if (s.notes.length > 0) out.push('Remarques sur la copie\u00a0:', ...s.notes.map((n) => `- ${n}`), '');

  const score = result.score;
  if (score) {
    out.push('| Partie | Points |', '| --- | --- |');
    for (const part of score.parts) out.push(`| ${part.title} | ${formatPoints(part.points)}/${formatPoints(part.maxPoints)} |`);
    if (bareme.a_la_main) {
      const hand = result.hand === undefined ? 'à venir' : formatPoints(result.hand);
      out.push(`| ${bareme.a_la_main.titre} (noté à la main) | ${hand}/${formatPoints(bareme.a_la_main.points)} |`);
    }
    out.push(`| **Total** | **${total}** |`, '');
    for (const part of score.parts) {
      out.push(`## ${part.title} — ${formatPoints(part.points)}/${formatPoints(part.maxPoints)}`, '');
      const where = s.partSources?.[part.part];
      const language = part.tests.find((t) => t.language)?.language;
      if (where) out.push(`Dossier noté\u00a0: \`${where}/\`${language ? `, en ${languageById(language).name}` : ''}`, '');
      // One reason for every test of the part (a missing folder, a syntax error): said once.
      const first = part.tests[0];
      const shared = first && part.tests.length > 1 && part.tests.every((t) => t.status !== 'passed' && t.feedback === first.feedback) ? first.feedback : undefined;
      if (shared) out.push(fenced(shared), '');
      for (const t of part.tests) {
        const status = t.status === 'timeout' ? ' — temps dépassé' : t.status === 'error' ? ' — erreur du correcteur' : '';
        out.push(`- ${MARK[t.status]} \`${t.id}\` ${t.title} (${formatPoints(t.points)}/${formatPoints(t.maxPoints)})${status}`);
        if (mode === 'complet' && t.status !== 'passed' && t.feedback && !shared) out.push('', indent(fenced(t.feedback), '  '), '');
      }
      out.push('');
    }
    if (mode === 'resume') out.push('Le détail de chaque test (données envoyées, réponse attendue) n\'est pas montré dans ce retour.', '');
  }
  out.push('---', '', `Corrigé par ${provenance.grader}, barème ${provenance.bareme}${s.key ? `, copie ${s.key.slice(0, 12)}` : ''}.`, '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** A code block that no backtick run in `text` can close early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function indent(text: string, by: string): string {
  return text.replace(/^(?=.)/gm, by);
}

/** A one-paragraph summary, for Moodle's feedback comment (plain text: Moodle shows it as HTML). */
export function feedbackSummary(result: StudentResult, bareme: Bareme, provenance: Provenance): string {
  const parts = result.score?.parts.map((p) => `${p.title.replace(/ — .*/, '')} ${formatPoints(p.points)}/${formatPoints(p.maxPoints)}`) ?? [];
  const hand = bareme.a_la_main && result.hand !== undefined ? [`${bareme.a_la_main.titre} ${formatPoints(result.hand)}/${formatPoints(bareme.a_la_main.points)}`] : [];
  const grade = result.total === undefined ? '' : `Note\u00a0: ${formatPoints(result.total)}/${bareme.total} (${[...parts, ...hand].join(', ')}). `;
  const comment = result.override?.comment ? `${result.override.comment} ` : '';
  return escapeHtml(`${comment}${grade}Détail test par test dans le fichier retour.md. Corrigé par ${provenance.grader}, barème ${provenance.bareme}.`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
