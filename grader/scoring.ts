// The barème: points per test, grouped by part, in grader/bareme.json, which a teacher edits
// without touching code. Verdicts hold no points, so a new barème re-scores stored verdicts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestCase } from './cases/types';
import type { Verdict } from './grading/runner';

export interface Bareme {
  total: number;
  parties: Array<{ partie: number; titre: string; tests: Record<string, number> }>;
}

export const BAREME_FILE = path.join(__dirname, 'bareme.json');

/** A French, one-line reason why the grader cannot grade. */
export class GradingError extends Error {}

/** Reads and checks the barème against the declared tests. */
export function loadBareme(cases: TestCase[], file = BAREME_FILE): Bareme {
  let bareme: Bareme;
  try {
    bareme = JSON.parse(fs.readFileSync(file, 'utf8')) as Bareme;
  } catch (err) {
    throw new GradingError(`barème illisible (${file})\u00a0: ${(err as Error).message}`);
  }
  const known = new Set(cases.map((c) => c.id));
  const listed = new Map<string, number>();
  for (const partie of bareme.parties ?? []) {
    for (const [id, points] of Object.entries(partie.tests ?? {})) {
      if (!known.has(id)) throw new GradingError(`barème\u00a0: le test «\u00a0${id}\u00a0» n'existe pas.`);
      if (typeof points !== 'number' || !(points >= 0)) throw new GradingError(`barème\u00a0: points invalides pour «\u00a0${id}\u00a0».`);
      if (cases.find((c) => c.id === id)!.part !== partie.partie) throw new GradingError(`barème\u00a0: «\u00a0${id}\u00a0» n'est pas un test de la partie ${partie.partie}.`);
      listed.set(id, points);
    }
  }
  const missing = cases.filter((c) => !listed.has(c.id)).map((c) => c.id);
  if (missing.length > 0) throw new GradingError(`barème\u00a0: aucun point pour ${missing.map((id) => `«\u00a0${id}\u00a0»`).join(', ')}.`);
  const sum = [...listed.values()].reduce((a, b) => a + b, 0);
  if (Math.abs(sum - bareme.total) > 1e-9) throw new GradingError(`barème\u00a0: les points des tests font ${sum}, pas ${bareme.total}.`);
  return bareme;
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
  points: number;
  maxPoints: number;
  parts: ScoredPart[];
}

/** Applies the barème to verdicts; a test with no verdict scores 0. */
export function score(bareme: Bareme, verdicts: Verdict[]): Score {
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  const parts = bareme.parties.map((partie): ScoredPart => {
    const tests = Object.entries(partie.tests).map(([id, maxPoints], k): ScoredTest => {
      const v = byId.get(id) ?? { id, part: partie.partie, title: id, status: 'failed' as const, feedback: 'Test non exécuté.', durationMs: 0 };
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
  return { parts, points: sum(parts.map((p) => p.points)), maxPoints: bareme.total };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
