// The languages a part may be written in, and which one a part folder is. A student's part
// folder normally holds one language; the teacher's own repository holds both, beside each
// other (exercises/partie-N/serveur.ts and serveur.py): there TypeScript is the default and a
// copy's `language` (npm run grade -- --langage python) picks the other. Each part is decided
// on its own, so a copy with one part in each language is graded part by part.
import { python } from './python';
import type { Language, LanguageBuild, LanguageId } from './types';
import { typescript } from './typescript';

/** In order of preference when a folder holds several: TypeScript first. */
export const LANGUAGES: Language[] = [typescript, python];

export const LANGUAGE_IDS = LANGUAGES.map((l) => l.id);

export function languageById(id: LanguageId): Language {
  return LANGUAGES.find((l) => l.id === id)!;
}

/**
 * The language of a part folder: the one it holds; `preferred` when it holds several and that
 * one among them; TypeScript when it holds none (its build then says which file is missing).
 */
export function languageOfPart(dir: string, preferred?: LanguageId): Language {
  const held = LANGUAGES.filter((l) => l.holds(dir));
  return held.find((l) => l.id === preferred) ?? held[0] ?? typescript;
}

/** Builds a part folder in its language (once: later calls give the same build). */
export function buildFor(dir: string, part: number, preferred?: LanguageId): Promise<LanguageBuild> {
  return languageOfPart(dir, preferred).build(dir, part);
}

/** Whether a part of these copies will run as Python (to find Python once before grading, and say which). */
export function needsPython(copies: Array<{ parts: Partial<Record<number, string>>; language?: LanguageId }>): boolean {
  return copies.some((copy) => Object.values(copy.parts).some((dir) => dir !== undefined && languageOfPart(dir, copy.language).id === 'python'));
}

/** A stack trace of any language the grader runs (Node's « at » frames, Python's « Traceback »). */
export function hasAnyStackTrace(stderr: string): boolean {
  return LANGUAGES.some((l) => l.hasStackTrace(stderr));
}

export type { Language, LanguageBuild, LanguageId };
export { typescript, python };
