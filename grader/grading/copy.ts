// A copy (one student's submission) as the grader sees it: the folder of each part found in it.
// Finding the parts is the job of whoever reads the hand-in (a folder, an archive, a Moodle
// download); grading only needs to know where each part's programs are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTS } from '../cases';
import { GradingError } from '../scoring';
import { partDirName } from '../harness/transpile';
import type { LanguageId } from '../languages';

export interface Copy {
  /** How reports name the copy: the folder given, or the student's name. */
  label: string;
  /** The folder of each part found in the copy: the one that holds serveur.ts and client.ts. */
  parts: Partial<Record<number, string>>;
  /** For a part not found, the feedback that says what was looked for. */
  absent?: Partial<Record<number, string>>;
  /**
   * The language to grade where a part folder holds several (the teacher's own repository
   * holds serveur.ts and serveur.py side by side): TypeScript by default. A part that holds
   * one language is graded in it, whatever this says (grader/languages).
   */
  language?: LanguageId;
}

/** The copy whose parts are `partie-N` folders directly inside `folder`. */
export function copyOfFolder(folder: string, label = folder, language?: LanguageId): Copy {
  const parts: Copy['parts'] = {};
  for (const part of PARTS) {
    const dir = path.join(folder, partDirName(part));
    if (fs.existsSync(dir)) parts[part] = dir;
  }
  return { label, parts, ...(language ? { language } : {}) };
}

/** Checks that `folder` can be graded as one copy; throws a GradingError with one French line otherwise. */
export function checkCopyFolder(folder: string, language?: LanguageId): Copy {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new GradingError(`dossier introuvable\u00a0: ${folder}`);
  }
  if (!stat.isDirectory()) throw new GradingError(`ce n'est pas un dossier\u00a0: ${folder}`);
  try {
    fs.accessSync(folder, fs.constants.R_OK | fs.constants.X_OK);
    fs.readdirSync(folder);
  } catch {
    throw new GradingError(`dossier illisible\u00a0: ${folder}`);
  }
  const copy = copyOfFolder(folder, folder, language);
  if (Object.keys(copy.parts).length === 0) {
    throw new GradingError(`aucun dossier partie-1 … partie-4 dans ${folder}\u00a0: est-ce bien une copie\u00a0?`);
  }
  return copy;
}
