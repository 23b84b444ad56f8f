// What a student reads after `npm run check`: one summary line per part, then the first failure
// explained (what was sent, what came back), the other failures by name, and the TODOs still
// to do said once each instead of once per test. A part nobody has touched says so in a line.
import type { Verdict } from '../grading/runner';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

/** « Partie II » */
export function partLabel(part: number): string {
  return `Partie ${ROMAN[part - 1] ?? part}`;
}

/** A test that stopped on a skeleton's `throw new Error('TODO …')` (Python: `raise NotImplementedError("TODO …")`). */
export interface TodoStop {
  number: number;
  file: 'serveur.ts' | 'client.ts' | 'serveur.py' | 'client.py';
  fn: string;
  /** What the TODO asks, as its throw says it. */
  hint: string;
}

// The skeletons throw « TODO 2 (client.ts, afficherLignesRecues) : accumulez … » ; the feedback
// quotes that error line as «\u00a0Error: TODO …\u00a0» (suivi d'une pile d'appels). The hint
// itself may hold « » (« error »), hence the end looked for.
const TODO_LINE = /TODO (\d+) \(((?:serveur|client)\.(?:ts|py)), ([\w$]+)\)\s*:\s*(.*?)\.?(?:\u00a0» \(suivi|\u00a0»\.?$|\n|$)/m;

export function todoStop(verdict: Verdict): TodoStop | undefined {
  if (verdict.status === 'passed' || !verdict.feedback) return undefined;
  const m = TODO_LINE.exec(verdict.feedback);
  if (!m) return undefined;
  return { number: Number(m[1]), file: m[2] as TodoStop['file'], fn: m[3], hint: m[4].trim() };
}

export interface SummaryOptions {
  /** Points per test id, when the barème is at hand (the teacher's repository). */
  points?: ReadonlyMap<string, number>;
  /** Explain every failure, not only the first. */
  everyFailure?: boolean;
  /** The part's folder as the student names it, e.g. « exercises/partie-2 ». */
  folder: string;
}

export interface PartResult {
  part: number;
  passed: number;
  total: number;
  points?: { earned: number; max: number };
}

export function partResult(part: number, verdicts: Verdict[], points?: ReadonlyMap<string, number>): PartResult {
  const passed = verdicts.filter((v) => v.status === 'passed');
  const result: PartResult = { part, passed: passed.length, total: verdicts.length };
  if (points) {
    const of = (vs: Verdict[]) => vs.reduce((sum, v) => sum + (points.get(v.id) ?? 0), 0);
    result.points = { earned: of(passed), max: of(verdicts) };
  }
  return result;
}

/** « 14/16 tests, 5,5/6 points » */
export function counts(r: { passed: number; total: number; points?: { earned: number; max: number } }): string {
  const tests = `${r.passed}/${r.total} test${r.total > 1 ? 's' : ''}`;
  return r.points ? `${tests}, ${formatPoints(r.points.earned)}/${formatPoints(r.points.max)} point${r.points.max > 1 ? 's' : ''}` : tests;
}

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
}

const MARK: Record<Verdict['status'], string> = { passed: '✓', failed: '✗', timeout: '⏱', error: '!' };

/** The lines shown for one part. */
export function summarizePart(part: number, verdicts: Verdict[], options: SummaryOptions): string[] {
  const result = partResult(part, verdicts, options.points);
  const head = `${partLabel(part)}\u00a0: `;
  const failures = verdicts.filter((v) => v.status !== 'passed');
  if (failures.length === 0) return [`${head}${counts(result)} — tout passe.`];

  const stops = failures.map(todoStop);
  if (result.passed === 0 && stops.every((s) => s?.number === 1)) {
    // Untouched: every test stopped on a TODO 1. Name the first one to do, the server's first.
    const first = stops.find((s) => s!.file.startsWith('serveur.')) ?? stops[0]!;
    return [`${head}pas encore commencée, TODO 1 de ${first.file}`];
  }
  const shared = failures[0].feedback;
  if (result.passed === 0 && shared && !stops[0] && failures.every((v) => v.feedback === shared)) {
    // One reason for every test (no folder, a syntax error): said once.
    return [`${head}${counts(result)}`, indent(shared, '  ')];
  }

  const lines = [`${head}${counts(result)}`];
  const real = failures.filter((_, i) => !stops[i]);
  real.forEach((v, i) => {
    lines.push(`  ${i === 0 ? 'Premier échec' : 'Échec'}\u00a0: ${describe(v)}`);
    if (i === 0 || options.everyFailure) lines.push(indent(feedbackOf(v), '      '));
  });
  if (real.length > 0) lines.push(`  Le comportement attendu est décrit dans la section «\u00a0Contrat\u00a0» de ${options.folder}/README.md.`);

  // The TODOs still to do, once each, in the order of the files.
  const todos = new Map<string, { stop: TodoStop; tests: number }>();
  for (const stop of stops) {
    if (!stop) continue;
    const key = `${stop.file} ${stop.number}`;
    todos.set(key, { stop, tests: (todos.get(key)?.tests ?? 0) + 1 });
  }
  const fileRank = (stop: TodoStop) => (stop.file.startsWith('serveur.') ? 0 : 1);
  const ordered = [...todos.values()].sort((a, b) => fileRank(a.stop) - fileRank(b.stop) || a.stop.number - b.stop.number);
  for (const { stop, tests } of ordered) {
    lines.push(`  À faire\u00a0: TODO ${stop.number} de ${stop.file} (${stop.fn}) — ${stop.hint} (${tests} test${tests > 1 ? 's l\'attendent' : ' l\'attend'})`);
  }
  return lines;
}

function describe(v: Verdict): string {
  const status = v.status === 'timeout' ? ' (temps dépassé)' : v.status === 'error' ? ' (erreur du correcteur)' : '';
  return `${MARK[v.status]} ${v.id} — ${v.title}${status}`;
}

function feedbackOf(v: Verdict): string {
  return v.feedback ?? (v.status === 'timeout' ? 'Temps dépassé.' : 'Échec.');
}

function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}
