// A copy (one student's submission) as the grader sees it: the folder of each part found in it.
// Finding the parts is the job of whoever reads the hand-in (grader/intake: a folder, an archive,
// a Moodle download); grading only needs to know where each part's programs are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTS } from '../cases';
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
