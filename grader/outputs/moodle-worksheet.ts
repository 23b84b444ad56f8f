// Moodle, back in: the grading worksheet the teacher exported (« Télécharger la feuille
// d'évaluation »), filled in. What Moodle's importer reads (mod/assign/feedback/offline/
// importgradeslib.php) decides what we write:
// - columns are found by their header in the teacher's language: « Identifiant » / "Identifier",
//   « Note » / "Grade", « Dernière modification (note) » / "Last modified (grade)", and the
//   feedback comment column by its plugin's name ("Feedback comments", « Commentaires… »);
// - the identifier is `Participant 12345` in English, `Participant12345` in French: the number
//   is what we match, the same number as in the download's folder names;
// - the grade is read with the teacher's decimal separator (unformat_float): we write it as the
//   worksheet wrote « Note maximale » / "Maximum grade" (20,00 or 20.00), scaled to that maximum;
// - an empty grade is skipped on import: absent and not graded students are left empty.
// Everything else (headers, order, other cells, quoting, BOM, line ends) is written back as read.
import { GradingError, type Bareme } from '../scoring';
import { cell, formatDecimal, parseCsv, parseDecimal, writeCsvFile } from './csv';
import { feedbackSummary, type Provenance } from './feedback';
import type { StudentResult } from './gradebook';

const HEADERS = {
  id: ['Identifier', 'Identifiant'],
  grade: ['Grade', 'Note'],
  max: ['Maximum grade', 'Note maximale'],
  name: ['Full name', 'Nom complet'],
};

export interface FilledWorksheet {
  text: string;
  /** Lines for the teacher: students matched, not found, the scale used. */
  report: string[];
  /** Participants listed in the worksheet, by number, with the name shown there. */
  participants: Map<string, string>;
}

/** Participant numbers and names of a worksheet, to list students who handed in nothing. */
export function worksheetParticipants(text: string, file: string): Map<string, string> {
  const { rows, idCol, nameCol } = locate(text, file);
  const out = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const participant = participantOf(row[idCol]?.value ?? '');
    // Under anonymous marking the worksheet has no names: Moodle calls everyone « Participant ».
    if (participant) out.set(participant, nameCol >= 0 ? (row[nameCol]?.value ?? '') : 'Participant');
  }
  return out;
}

export function fillWorksheet(text: string, file: string, results: StudentResult[], bareme: Bareme, provenance: Provenance): FilledWorksheet {
  const { csv, rows, idCol, gradeCol, maxCol, feedbackCol, nameCol } = locate(text, file);
  const header = rows[0];
  const byParticipant = new Map(results.filter((r) => r.student.moodle).map((r) => [r.student.moodle!.participant, r]));
  const report: string[] = [];
  const participants = new Map<string, string>();
  let filled = 0;
  let scaled: number | undefined;
  const dataRows = rows.slice(1);
  // The worksheet's decimal convention, from its maximum grade ("20,00") or its grades.
  const sample = dataRows.map((r) => r[maxCol]?.value ?? '').find((v) => /\d[.,]\d/.test(v)) ?? dataRows.map((r) => r[gradeCol]?.value ?? '').find((v) => /\d[.,]\d/.test(v));
  const comma = sample ? sample.includes(',') : header[gradeCol].value === 'Note';
  const decimals = sample ? sample.split(/[.,]/)[1].length : 2;
  for (const row of dataRows) {
    const participant = participantOf(row[idCol]?.value ?? '');
    if (!participant) continue;
    participants.set(participant, nameCol >= 0 ? (row[nameCol]?.value ?? '') : participant);
    const result = byParticipant.get(participant);
    if (!result || result.total === undefined) continue;
    const max = maxCol >= 0 ? parseDecimal(row[maxCol]?.value ?? '') : undefined;
    const outOf = max ?? bareme.total;
    if (outOf !== bareme.total) scaled = outOf;
    while (row.length <= Math.max(gradeCol, feedbackCol)) row.push(cell('', csv.separator));
    row[gradeCol] = cell(formatDecimal((result.total * outOf) / bareme.total, comma, decimals), csv.separator, true);
    if (feedbackCol >= 0) row[feedbackCol] = cell(feedbackSummary(result, bareme, provenance), csv.separator, true);
    filled++;
  }
  report.push(`${filled} note${filled > 1 ? 's' : ''} inscrite${filled > 1 ? 's' : ''} dans la feuille d'évaluation.`);
  if (scaled !== undefined) report.push(`La feuille note sur ${formatDecimal(scaled, comma)}\u00a0: les notes sur ${bareme.total} y sont ramenées.`);
  if (feedbackCol < 0) report.push('La feuille n\'a pas de colonne de commentaires de feedback\u00a0: les retours passent par retours.zip.');
  const missing = results.filter((r) => r.student.moodle && !participants.has(r.student.moodle.participant));
  for (const r of missing) report.push(`${r.student.name} (${r.student.moodle!.participant})\u00a0: dans le téléchargement, absent de la feuille d'évaluation.`);
  return { text: writeCsvFile(csv, true), report, participants };
}

function locate(text: string, file: string) {
  const csv = parseCsv(text);
  const rows = csv.rows;
  if (rows.length === 0) throw new GradingError(`feuille d'évaluation Moodle vide\u00a0: ${file}`);
  const names = rows[0].map((c) => c.value.trim());
  const find = (aliases: string[]) => names.findIndex((n) => aliases.includes(n));
  const idCol = find(HEADERS.id);
  const gradeCol = find(HEADERS.grade);
  if (idCol < 0 || gradeCol < 0) {
    throw new GradingError(`${file} n'est pas une feuille d'évaluation Moodle\u00a0: colonnes «\u00a0Identifiant\u00a0» et «\u00a0Note\u00a0» (ou "Identifier" et "Grade") introuvables`);
  }
  const feedbackCol = names.findIndex((n, i) => i > gradeCol && /comment/i.test(n));
  return { csv, rows, idCol, gradeCol, maxCol: find(HEADERS.max), feedbackCol, nameCol: find(HEADERS.name) };
}

/** "Participant 12345" (English) or "Participant12345" (French): the number. */
function participantOf(identifier: string): string | undefined {
  return /(\d+)\s*$/.exec(identifier)?.[1];
}
