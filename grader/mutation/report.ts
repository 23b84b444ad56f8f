// The report of `npm run mutation`: per part, the mutants, killed, survived, timed out and the
// score; then every survivor with its file:line and a diff, and whether survivors.json explains
// it (an equivalent mutant: no observable behaviour changes, or only what the énoncé leaves
// free). The last line is the score.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MutantResult } from '@stryker-mutator/api/core';
import { originalText, partOfFile } from './mutant-source';
import { REPO_ROOT } from './variant';

/** One equivalent survivor, as committed in survivors.json. */
export interface Equivalent {
  file: string;
  /** Informative only: lines move when the reference changes. */
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  reason: string;
}

export const SURVIVORS_FILE = path.join(__dirname, 'survivors.json');
const ROMAN = ['', 'I', 'II', 'III', 'IV'];
const DETECTED = new Set(['Killed', 'Timeout']);
const UNSCORED = new Set(['CompileError', 'RuntimeError', 'Ignored']);

export function loadEquivalents(file = SURVIVORS_FILE): Equivalent[] {
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { equivalents: Equivalent[] }).equivalents;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** An equivalent is found again by its file, mutator, original text and replacement, wherever its line went. */
function keyOf(e: Pick<Equivalent, 'file' | 'mutator' | 'original' | 'replacement'>): string {
  return [e.file, e.mutator, squash(e.original), squash(e.replacement)].join('\u0000');
}

/** Stryker reports 1-based lines and columns; the mutant helpers take 0-based ones. */
function zeroBased(r: MutantResult) {
  return {
    start: { line: r.location.start.line - 1, column: r.location.start.column - 1 },
    end: { line: r.location.end.line - 1, column: r.location.end.column - 1 },
  };
}

/** A survivor as survivors.json records it (the reason left empty for a new one). */
export function describeSurvivor(r: MutantResult): Equivalent {
  const source = fs.readFileSync(r.fileName, 'utf8');
  return {
    file: path.relative(REPO_ROOT, r.fileName).split(path.sep).join('/'),
    line: r.location.start.line,
    mutator: r.mutatorName,
    original: originalText(source, zeroBased(r)),
    replacement: r.replacement ?? '',
    reason: '',
  };
}

/** The lines the mutant touches, before and after, as a small diff. */
function diff(r: MutantResult): string {
  const lines = fs.readFileSync(r.fileName, 'utf8').split('\n');
  const loc = zeroBased(r);
  const before = lines.slice(loc.start.line, loc.end.line + 1);
  const after = (lines[loc.start.line].slice(0, loc.start.column) + (r.replacement ?? '') + lines[loc.end.line].slice(loc.end.column)).split('\n');
  const cut = (ls: string[]) => (ls.length > 4 ? [...ls.slice(0, 3), `… (${ls.length - 3} lignes de plus)`] : ls);
  return [...cut(before).map((l) => `    - ${l}`), ...cut(after).map((l) => `    + ${l}`)].join('\n');
}

const minutes = (ms: number) => `${Math.floor(ms / 60000)}\u00a0min ${Math.round((ms % 60000) / 1000)}\u00a0s`;
const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0%`);

export function printReport(results: MutantResult[], parts: number[], elapsedMs: number): void {
  const equivalents = loadEquivalents();
  const byKey = new Map(equivalents.map((e) => [keyOf(e), e]));
  const used = new Set<string>();
  const survivors = results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage');
  const unexplained: Equivalent[] = [];

  for (const part of parts) {
    const mine = results.filter((r) => partOfFile(r.fileName) === part);
    const count = (s: string) => mine.filter((r) => r.status === s).length;
    const valid = mine.filter((r) => !UNSCORED.has(r.status));
    const detected = valid.filter((r) => DETECTED.has(r.status)).length;
    const errors = mine.length - valid.length;
    console.log(
      `Partie ${ROMAN[part] ?? part}\u00a0: ${mine.length} mutants, ${count('Killed')} tués, ${count('Survived') + count('NoCoverage')} survivants, ` +
        `${count('Timeout')} en temps dépassé${errors ? `, ${errors} en erreur (non comptés)` : ''} — score ${pct(detected, valid.length)}`,
    );
  }

  if (survivors.length > 0) console.log('\nSurvivants\u00a0:');
  for (const r of survivors.sort((a, b) => a.fileName.localeCompare(b.fileName) || a.location.start.line - b.location.start.line)) {
    const d = describeSurvivor(r);
    const known = byKey.get(keyOf(d));
    if (known) used.add(keyOf(d));
    else unexplained.push(d);
    const verdict = known ? `expliqué\u00a0: ${known.reason}` : 'NON EXPLIQUÉ (ni tué ni listé dans grader/mutation/survivors.json)';
    console.log(`${d.file}:${r.location.start.line}:${r.location.start.column} [${r.mutatorName}] ${verdict}\n${diff(r)}`);
  }

  const mutatedFiles = new Set(results.map((r) => path.relative(REPO_ROOT, r.fileName).split(path.sep).join('/')));
  const stale = equivalents.filter((e) => mutatedFiles.has(e.file) && !used.has(keyOf(e)));
  for (const e of stale) console.log(`survivors.json\u00a0: entrée périmée (plus aucun survivant ne lui correspond)\u00a0: ${e.file}:${e.line} [${e.mutator}] ${JSON.stringify(squash(e.replacement))}`);

  // For the maintainer: every survivor in survivors.json's format, to explain or to kill.
  const out = path.join(REPO_ROOT, 'reports', 'mutation', 'survivors-found.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ equivalents: survivors.map(describeSurvivor).map((d) => byKey.get(keyOf(d)) ?? d) }, null, 2) + '\n');

  const valid = results.filter((r) => !UNSCORED.has(r.status));
  const detected = valid.filter((r) => DETECTED.has(r.status)).length;
  const equivalentCount = survivors.length - unexplained.length;
  console.log(`\nDurée\u00a0: ${minutes(elapsedMs)}\u00a0; survivants écrits dans ${path.relative(REPO_ROOT, out)}`);
  console.log(
    `score de mutation\u00a0: ${pct(detected, valid.length)} (${detected} détectés sur ${valid.length})\u00a0; ` +
      `${equivalentCount} survivants expliqués (équivalents ou non notés), ${unexplained.length} non expliqués\u00a0; ` +
      `hors survivants expliqués\u00a0: ${pct(detected, valid.length - equivalentCount)}`,
  );
  process.exitCode = unexplained.length > 0 ? 1 : 0;
}
