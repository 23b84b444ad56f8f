// The languages a part may be written in, and which one a part folder is. A student's part
// folder normally holds one language; the teacher's own repository, and a handout in both
// languages, hold both beside each other (exercises/partie-N/serveur.ts and serveur.py). There a
// copy's `language` (npm run grade -- --langage python) decides; without one, the language the
// student worked in: a language whose files are still the untouched skeletons is passed over
// (a Python student who left the .ts skeletons in place is graded in Python), and TypeScript
// comes first when both or neither were touched. Each part is decided on its own, so a copy
// with one part in each language is graded part by part.
import * as fs from 'node:fs';
import * as path from 'node:path';
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
  if (held.length > 1 && preferred === undefined) return held.find((l) => !isUntouchedSkeleton(dir, l)) ?? held[0];
  return held.find((l) => l.id === preferred) ?? held[0] ?? typescript;
}

const SKELETONS = path.join(__dirname, '..', '..', 'exercises');
const ROLES = ['serveur', 'client'];

/** Text as compared with a skeleton: line endings and trailing white space as any editor or git may leave them. */
function normalized(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').trimEnd();
}

let skeletons: Set<string> | undefined;

/** Every skeleton file of every part, normalized (read once). */
function skeletonTexts(): Set<string> {
  if (skeletons) return skeletons;
  skeletons = new Set();
  for (const part of fs.existsSync(SKELETONS) ? fs.readdirSync(SKELETONS) : []) {
    for (const l of LANGUAGES) for (const role of ROLES) {
      const file = path.join(SKELETONS, part, `${role}${l.extension}`);
      if (fs.existsSync(file)) skeletons.add(normalized(fs.readFileSync(file, 'utf8')));
    }
  }
  return skeletons;
}

/** A skeleton is a few KiB: a larger file, or anything but a plain file, is the student's own. */
const MAX_SKELETON_BYTES = 64 * 1024;

/** The text of `file` if it may be a skeleton (a plain file, small, readable), else undefined. */
function skeletonCandidate(file: string): string | undefined {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_SKELETON_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether every file of language `l` for a role in `dir` is one of the untouched skeletons. */
function isUntouchedSkeleton(dir: string, l: Language): boolean {
  const files = ROLES.map((role) => path.join(dir, `${role}${l.extension}`)).filter((f) => fs.existsSync(f));
  return (
    files.length > 0 &&
    files.every((f) => {
      const text = skeletonCandidate(f);
      return text !== undefined && skeletonTexts().has(normalized(text));
    })
  );
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
