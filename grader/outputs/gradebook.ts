// The gradebook: one result per student, computed from the class manifest, the stored records,
// the barème and the teacher's overrides. Plain functions: the same inputs give the same bytes.
//
// Status, in this order of precedence:
//   absent          nothing handed in: no grade (an empty cell, not 0)
//   non noté (why)  a hand-in the grader could not read or grade: no grade, the teacher decides
//   ne compile pas  a part handed in has a syntax error (its tests score 0)
//   délai dépassé   at least one test was stopped at its overall time limit
//   noté
// Total: the points of the tests, plus the points graded by hand when the barème keeps some
// (left empty until the teacher enters them); a grade given by the teacher replaces it.
import type { Verdict } from '../grading/runner';
import type { Manifest, ManifestStudent } from '../records/manifest';
import type { ReadRecord } from '../records/store';
import { score, type Bareme, type Score } from '../scoring';
import { formatDecimal, writeCsv } from './csv';
import type { Override } from './overrides';

export type Status = 'noté' | 'ne compile pas' | 'délai dépassé' | 'absent' | 'non noté';

export interface StudentResult {
  student: ManifestStudent;
  status: Status;
  /** Why a copy is « non noté ». */
  why?: string;
  score?: Score;
  /** Points graded by hand, from the overrides. */
  hand?: number;
  /** Tests' points plus hand points: what the grader computed. */
  computed?: number;
  /** The grade out of 20: the teacher's when given, else `computed`. Undefined: no grade (yet). */
  total?: number;
  override?: Override;
  /** Short French remarks for the gradebook's last column. */
  remarks: string[];
}

/** Matches the feedback runner.ts gives every test of a part that does not compile. */
const DOES_NOT_COMPILE = /^partie-\d+ ne compile pas/;

export function classResults(manifest: Manifest, records: (key: string) => ReadRecord, bareme: Bareme, overrides: Map<string, Override>): StudentResult[] {
  const results = manifest.students.map((student) => resultOf(student, records, bareme, overrides.get(student.id)));
  return results.sort(byStudent);
}

/** Students in a stable order: by name, then by identifier. */
export function byStudent(a: StudentResult, b: StudentResult): number {
  return a.student.name.localeCompare(b.student.name, 'fr') || a.student.id.localeCompare(b.student.id, 'fr', { numeric: true });
}

function resultOf(student: ManifestStudent, records: (key: string) => ReadRecord, bareme: Bareme, override: Override | undefined): StudentResult {
  const base = { student, override, remarks: [] as string[] };
  if (student.state === 'empty') return { ...base, status: 'absent', remarks: ['rien de remis'] };
  if (student.state === 'refused') return { ...base, status: 'non noté', why: student.reason };
  const stored = student.key ? records(student.key) : undefined;
  if (!stored) return { ...base, status: 'non noté', why: 'pas encore noté (notation interrompue\u00a0: relancez la commande)' };
  if ('problem' in stored) return { ...base, status: 'non noté', why: stored.problem };
  if (!stored.record.complete) return { ...base, status: 'non noté', why: 'notation interrompue\u00a0: relancez la commande' };
  const verdicts = stored.record.verdicts;
  const errors = verdicts.filter((v) => v.status === 'error');
  if (errors.length > 0) return { ...base, status: 'non noté', why: `erreur du correcteur sur ${errors.length} test${errors.length > 1 ? 's' : ''} (à signaler)` };
  const result = score(bareme, verdicts);
  if (result.missing.length > 0) return { ...base, status: 'non noté', why: `verdict manquant pour ${result.missing.slice(0, 3).join(', ')}${result.missing.length > 3 ? '…' : ''}` };

  const remarks: string[] = [];
  const broken = partsNotCompiling(verdicts);
  const timedOut = verdicts.filter((v) => v.status === 'timeout').length;
  const status: Status = broken.length > 0 ? 'ne compile pas' : timedOut > 0 ? 'délai dépassé' : 'noté';
  if (broken.length > 0) remarks.push(`${broken.map((p) => `partie ${p}`).join(', ')} ne compile${broken.length > 1 ? 'nt' : ''} pas`);
  if (timedOut > 0) remarks.push(`${timedOut} test${timedOut > 1 ? 's' : ''} arrêté${timedOut > 1 ? 's' : ''} à la limite de temps`);
  const absent = result.parts.filter((p) => p.tests.every((t) => t.feedback?.startsWith('Fichier absent'))).map((p) => p.part);
  if (absent.length > 0) remarks.push(`${absent.map((p) => `partie ${p}`).join(', ')} absente${absent.length > 1 ? 's' : ''}`);

  const hand = override?.hand;
  let computed: number | undefined = result.points;
  if (bareme.a_la_main) {
    if (hand === undefined) {
      computed = undefined;
      remarks.push('points à la main à saisir');
    } else computed = round(result.points + hand);
  }
  let total = computed;
  if (override?.grade !== undefined) {
    total = override.grade;
    remarks.push(`note fixée par l'enseignant${computed !== undefined ? ` (calculée\u00a0: ${formatDecimal(computed, true)})` : ''}`);
  }
  if (override?.comment) remarks.push('commentaire de l\'enseignant');
  return { ...base, status, score: result, hand, computed, total, remarks };
}

function partsNotCompiling(verdicts: Verdict[]): number[] {
  return [...new Set(verdicts.filter((v) => DOES_NOT_COMPILE.test(v.feedback ?? '')).map((v) => v.part))].sort();
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Whether the teacher has something to do about this copy (the exit code says so). */
export function notGraded(result: StudentResult): boolean {
  return result.status === 'non noté';
}

export interface CsvOptions {
  /** `,` (decimal point) or `;` (decimal comma, and a BOM: what French spreadsheets expect). */
  separator: ',' | ';';
}

/** notes.csv: one row per student. */
export function gradebookCsv(results: StudentResult[], bareme: Bareme, options: CsvOptions): string {
  const comma = options.separator === ';';
  const num = (n: number | undefined) => (n === undefined ? '' : formatDecimal(n, comma));
  const partMax = bareme.parties.map((p) => Object.values(p.tests).reduce((a, b) => a + b, 0));
  const header = [
    'identifiant',
    'nom',
    ...bareme.parties.map((p, i) => `partie ${p.partie} (/${num(partMax[i])})`),
    ...(bareme.a_la_main ? [`à la main (/${num(bareme.a_la_main.points)})`] : []),
    `total (/${bareme.total})`,
    'statut',
    'remarque',
  ];
  const rows = results.map((r) => [
    r.student.id,
    r.student.name,
    ...bareme.parties.map((p) => num(r.score?.parts.find((sp) => sp.part === p.partie)?.points)),
    ...(bareme.a_la_main ? [num(r.hand)] : []),
    num(r.total),
    r.status === 'non noté' ? `non noté (${r.why ?? 'raison inconnue'})` : r.status,
    r.remarks.join('\u00a0; '),
  ]);
  return writeCsv([header, ...rows], options.separator, { bom: comma });
}
