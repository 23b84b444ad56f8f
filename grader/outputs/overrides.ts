// The teacher's own word on a student: a grade that replaces the computed one, the points graded
// by hand (the written answers), a comment for the feedback. They live in a CSV file the teacher
// writes and the grader only reads (never writes), so they survive every re-run:
//
//   identifiant;note;à la main;commentaire
//   100001;;3,5;Très bonnes réponses écrites.
//   100004;12;;Note fixée après l'oral.
//
// Separator `;` or `,`, decimal comma or point; every column but `identifiant` may be left out.
import * as fs from 'node:fs';
import { GradingError, type Bareme } from '../scoring';
import { parseCsv, parseDecimal } from './csv';

export interface Override {
  /** A grade out of 20 that replaces the computed total. */
  grade?: number;
  /** Points graded by hand, out of the barème's `a_la_main.points`. */
  hand?: number;
  comment?: string;
}

export const OVERRIDES_FILE = 'corrections.csv';

const COLUMNS = {
  id: ['identifiant', 'id', 'identifier'],
  grade: ['note', 'grade'],
  hand: ['à la main', 'a la main', 'points à la main', 'main'],
  comment: ['commentaire', 'comment'],
};

/** Reads the overrides; a missing file is no override. Every error is one French line. */
export function readOverrides(file: string, bareme: Bareme, knownIds: Set<string>): Map<string, Override> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new GradingError(`corrections illisibles\u00a0: ${file}`);
  }
  const csv = parseCsv(text);
  const [header, ...rows] = csv.rows;
  if (!header) return new Map();
  const names = header.map((c) => c.value.trim().toLowerCase());
  const column = (aliases: string[]) => names.findIndex((n) => aliases.includes(n));
  const idCol = column(COLUMNS.id);
  if (idCol < 0) throw new GradingError(`corrections (${file})\u00a0: pas de colonne «\u00a0identifiant\u00a0» sur la première ligne`);
  const cols = { grade: column(COLUMNS.grade), hand: column(COLUMNS.hand), comment: column(COLUMNS.comment) };
  const overrides = new Map<string, Override>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const at = (c: number) => (c >= 0 ? (row[c]?.value ?? '').trim() : '');
    const id = at(idCol);
    if (id === '' && row.every((c) => c.value.trim() === '')) return;
    const bad = (why: string): never => {
      throw new GradingError(`corrections (${file}), ligne ${line}\u00a0: ${why}`);
    };
    if (!knownIds.has(id)) bad(`identifiant inconnu «\u00a0${id}\u00a0» (voir la colonne identifiant de notes.csv)`);
    if (overrides.has(id)) bad(`«\u00a0${id}\u00a0» a déjà une ligne`);
    const override: Override = {};
    const number = (text: string, max: number, what: string) => {
      const n = parseDecimal(text);
      if (n === undefined || n < 0 || n > max) bad(`${what} invalide «\u00a0${text}\u00a0» (attendu\u00a0: un nombre de 0 à ${max})`);
      return n!;
    };
    if (at(cols.grade) !== '') override.grade = number(at(cols.grade), bareme.total, 'note');
    if (at(cols.hand) !== '') {
      if (!bareme.a_la_main) bad('des points «\u00a0à la main\u00a0» alors que le barème n\'en prévoit pas (clé «\u00a0a_la_main\u00a0»)');
      override.hand = number(at(cols.hand), bareme.a_la_main!.points, 'points à la main');
    }
    if (at(cols.comment) !== '') override.comment = at(cols.comment);
    overrides.set(id, override);
  });
  return overrides;
}
