// The folder `npm run check` tests: exercises/ unless TP_DOSSIER names another one; and, where a
// part holds both languages (the teacher's repository), the one TP_LANGAGE names (TypeScript by
// default; a Python handout holds only .py files and needs nothing).
import * as path from 'node:path';
import { LANGUAGE_IDS, type LanguageId } from '../languages';
import { CheckUsageError } from './arguments';

export const CHECKED_FOLDER = path.resolve(process.env.TP_DOSSIER ?? 'exercises');

/** TP_LANGAGE, checked: undefined when unset. */
export function checkedLanguage(env: NodeJS.ProcessEnv = process.env): LanguageId | undefined {
  const value = env.TP_LANGAGE;
  if (value === undefined || value === '') return undefined;
  if (!(LANGUAGE_IDS as string[]).includes(value)) throw new CheckUsageError(`TP_LANGAGE attend ${LANGUAGE_IDS.join(' ou ')}, pas «\u00a0${value}\u00a0»`);
  return value as LanguageId;
}
