// The barème: points per test, grouped by part, in grader/bareme.json, which a teacher edits
// without touching code. Verdicts hold no points, so a new barème re-scores stored verdicts.
// The barème is checked whole before anything runs: every test exactly once, each part once,
// points positive or zero, a total of 20 (points graded by hand included); each error is one
// French line.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestCase } from './cases/types';
import type { Verdict } from './grading/runner';

export interface Bareme {
  total: number;
  parties: Array<{ partie: number; titre: string; tests: Record<string, number> }>;
  /** Points the teacher grades by hand (the written answers), entered in the corrections file. */
  a_la_main?: { titre: string; points: number };
}

export const BAREME_FILE = path.join(__dirname, 'bareme.json');

/** The total every barème must reach: the README promises a grade out of 20. */
export const BAREME_TOTAL = 20;

/** A French, one-line reason why the grader cannot grade. */
export class GradingError extends Error {}

/** Reads and checks the barème against the declared tests. */
export function loadBareme(cases: TestCase[], file = BAREME_FILE): Bareme {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GradingError(code === 'ENOENT' ? `barème introuvable\u00a0: ${file}` : `barème illisible\u00a0: ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new GradingError(`barème illisible (${file})\u00a0: ${jsonErrorInFrench(text, err as Error)}`);
  }
  return checkBareme(parsed, cases, text);
}

/**
 * Checks a parsed barème. `text` is the file as written: JSON.parse keeps the last of two equal
 * keys without a word, so a test listed twice in one part is only visible in the text.
 */
export function checkBareme(parsed: unknown, cases: TestCase[], text = JSON.stringify(parsed)): Bareme {
  const bad = (why: string): never => {
    throw new GradingError(`barème\u00a0: ${why}`);
  };
  if (!isObject(parsed)) bad('le fichier doit contenir un objet JSON { "total": 20, "parties": [...] }.');
  const bareme = parsed as Record<string, unknown>;
  unknownKeys(bareme, ['total', 'parties', 'a_la_main'], 'le barème', bad);
  if (bareme.total !== BAREME_TOTAL) bad(`«\u00a0total\u00a0» doit valoir ${BAREME_TOTAL} (la note est sur ${BAREME_TOTAL}), pas ${JSON.stringify(bareme.total)}.`);
  if (!Array.isArray(bareme.parties) || bareme.parties.length === 0) bad('«\u00a0parties\u00a0» doit être une liste non vide.');

  const partOf = new Map(cases.map((c) => [c.id, c.part]));
  const parts = new Set(cases.map((c) => c.part));
  const seenParts = new Set<number>();
  const listed = new Map<string, number>();
  // Parts first: a part listed twice is one error, not one per test it holds.
  for (const entry of bareme.parties as unknown[]) {
    if (!isObject(entry)) bad('chaque partie doit être un objet { "partie": N, "titre": "…", "tests": {…} }.');
    const partie = entry as Record<string, unknown>;
    const n = partie.partie;
    if (typeof n !== 'number' || !parts.has(n)) bad(`partie inconnue\u00a0: ${JSON.stringify(n)} (parties\u00a0: ${[...parts].join(', ')}).`);
    const part = n as number;
    unknownKeys(partie, ['partie', 'titre', 'tests'], `la partie ${part}`, bad);
    if (seenParts.has(part)) bad(`la partie ${part} est listée deux fois.`);
    seenParts.add(part);
    if (typeof partie.titre !== 'string' || partie.titre.trim() === '') bad(`la partie ${part} n'a pas de «\u00a0titre\u00a0».`);
    if (!isObject(partie.tests)) bad(`la partie ${part} n'a pas d'objet «\u00a0tests\u00a0».`);
  }
  for (const partie of bareme.parties as Array<{ partie: number; tests: Record<string, unknown> }>) {
    const part = partie.partie;
    for (const [id, points] of Object.entries(partie.tests)) {
      if (!partOf.has(id)) bad(`le test «\u00a0${id}\u00a0» n'existe pas.`);
      if (partOf.get(id) !== part) bad(`«\u00a0${id}\u00a0» n'est pas un test de la partie ${part}.`);
      if (listed.has(id) || occurrencesAsKey(text, id) > 1) bad(`le test «\u00a0${id}\u00a0» est listé deux fois.`);
      if (typeof points !== 'number' || !Number.isFinite(points) || points < 0) {
        bad(`points invalides pour «\u00a0${id}\u00a0»\u00a0: ${JSON.stringify(points)} (attendu\u00a0: un nombre positif ou nul).`);
      }
      listed.set(id, points as number);
    }
  }
  const missing = cases.filter((c) => !listed.has(c.id)).map((c) => c.id);
  if (missing.length > 0) bad(`aucun point pour ${missing.map((id) => `«\u00a0${id}\u00a0»`).join(', ')}.`);

  let hand = 0;
  if (bareme.a_la_main !== undefined) {
    const manual = bareme.a_la_main;
    if (!isObject(manual)) bad('«\u00a0a_la_main\u00a0» doit être un objet { "titre": "…", "points": N }.');
    const m = manual as Record<string, unknown>;
    unknownKeys(m, ['titre', 'points'], '«\u00a0a_la_main\u00a0»', bad);
    if (typeof m.titre !== 'string' || m.titre.trim() === '') bad('«\u00a0a_la_main\u00a0» n\'a pas de «\u00a0titre\u00a0».');
    if (typeof m.points !== 'number' || !Number.isFinite(m.points) || m.points <= 0) bad(`points à la main invalides\u00a0: ${JSON.stringify(m.points)} (attendu\u00a0: un nombre positif).`);
    hand = m.points as number;
  }
  const sum = [...listed.values()].reduce((a, b) => a + b, 0) + hand;
  if (Math.abs(sum - BAREME_TOTAL) > 1e-9) {
    const detail = hand > 0 ? ` (dont ${formatNumber(hand)} à la main)` : '';
    bad(`les points font ${formatNumber(sum)}${detail}, pas ${BAREME_TOTAL}.`);
  }
  const result = parsed as Bareme;
  // Parts in their natural order, whatever order the file lists them in: columns stay put.
  return { ...result, parties: [...result.parties].sort((a, b) => a.partie - b.partie) };
}

/** A short fingerprint of the barème's content, shown with every grade so that it can be traced. */
export function baremeHash(bareme: Bareme): string {
  const canonical = JSON.stringify({
    total: bareme.total,
    parties: bareme.parties.map((p) => ({ partie: p.partie, titre: p.titre, tests: Object.entries(p.tests) })),
    a_la_main: bareme.a_la_main ?? null,
  });
  return `sha256:${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** Points graded automatically: the total minus the points graded by hand. */
export function automaticMax(bareme: Bareme): number {
  return bareme.total - (bareme.a_la_main?.points ?? 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: Record<string, unknown>, allowed: string[], where: string, bad: (why: string) => never): void {
  const extra = Object.keys(object).find((k) => !allowed.includes(k));
  if (extra !== undefined) bad(`clé inconnue «\u00a0${extra}\u00a0» dans ${where} (clés possibles\u00a0: ${allowed.join(', ')}).`);
}

function occurrencesAsKey(text: string, id: string): number {
  return text.split(`"${id}"`).slice(1).filter((after) => /^\s*:/.test(after)).length;
}

/**
 * V8's JSON errors are English, and on Node 20 most give no position; the teacher gets the line
 * and column in French instead.
 */
export function jsonErrorInFrench(text: string, err: Error): string {
  if (text.trim() === '') return 'fichier vide.';
  const position = Number(/position (\d+)/.exec(err.message)?.[1] ?? firstJsonError(text));
  if (position >= text.length) return 'JSON incomplet (il manque la fin du fichier).';
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `JSON invalide ligne ${line}, colonne ${column}.`;
}

/** Where a JSON text stops being JSON: a plain recursive descent that only tracks the offset. */
function firstJsonError(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return at as number;
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
}

export interface ScoredTest extends Verdict {
  points: number;
  maxPoints: number;
  /** "<part>.<k>": the test's rank in its part, as Gradescope numbers it. */
  number: string;
}

export interface ScoredPart {
  part: number;
  title: string;
  points: number;
  maxPoints: number;
  tests: ScoredTest[];
}

export interface Score {
  /** Points earned on the tests (the automatic part of the grade). */
  points: number;
  /** What the tests are worth: 20, less the points graded by hand. */
  maxPoints: number;
  parts: ScoredPart[];
  /** Tests of the barème with no verdict: a grade built on them would not be a grade. */
  missing: string[];
}

/** Applies the barème to verdicts. A test without a verdict scores 0 and is listed in `missing`. */
export function score(bareme: Bareme, verdicts: Verdict[]): Score {
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  const missing: string[] = [];
  const parts = bareme.parties.map((partie): ScoredPart => {
    const tests = Object.entries(partie.tests).map(([id, maxPoints], k): ScoredTest => {
      let v = byId.get(id);
      if (!v) {
        missing.push(id);
        v = { id, part: partie.partie, title: id, status: 'failed', feedback: 'Test non exécuté.', durationMs: 0 };
      }
      return { ...v, maxPoints, points: v.status === 'passed' ? maxPoints : 0, number: `${partie.partie}.${k + 1}` };
    });
    return {
      part: partie.partie,
      title: partie.titre,
      tests,
      points: sum(tests.map((t) => t.points)),
      maxPoints: sum(tests.map((t) => t.maxPoints)),
    };
  });
  return { parts, points: sum(parts.map((p) => p.points)), maxPoints: automaticMax(bareme), missing };
}

/** Sums points without binary float noise (0.25 steps add up exactly; 0.1 steps would not). */
function sum(xs: number[]): number {
  return Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}
