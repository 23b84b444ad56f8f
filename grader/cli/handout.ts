// npm run handout -- OUT_DIR [--sans-reponses] [--langage typescript|python]: writes the
// students' repository into OUT_DIR (new or empty, outside this repository), in both languages
// or in one. Exit code 0 when written, 2 with one French line when it cannot be.
import * as path from 'node:path';
import { buildHandout, HandoutError } from '../handout/build';
import { LANGUAGE_IDS, languageById, type LanguageId } from '../languages';

const USAGE = `Usage\u00a0: npm run handout -- DOSSIER [--sans-reponses] [--langage L]
  DOSSIER          où écrire le dépôt des étudiants (nouveau ou vide, hors de ce dépôt)
  --sans-reponses  sans answers.md ni les démonstrations qu'il cite
  --langage L      typescript ou python\u00a0: les squelettes de ce langage seulement (par défaut, les deux)`;

const ROOT = path.join(__dirname, '..', '..');

function languageOf(value: string | undefined): LanguageId {
  if (value === undefined || !(LANGUAGE_IDS as string[]).includes(value)) {
    const allowed = LANGUAGE_IDS.map((l) => `«\u00a0${l}\u00a0»`).join(' ou ');
    throw new HandoutError(value === undefined || value.startsWith('-') ? `--langage attend ${allowed}` : `--langage attend ${allowed}, pas «\u00a0${value}\u00a0»`);
  }
  return value as LanguageId;
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let answers = true;
  let language: LanguageId | undefined;
  const folders: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--sans-reponses') answers = false;
    else if (arg === '--langage') language = languageOf(argv[++i]);
    else if (arg.startsWith('--langage=')) language = languageOf(arg.slice('--langage='.length));
    else if (arg.startsWith('-')) throw new HandoutError(`option inconnue\u00a0: ${arg} (voir --help)`);
    else folders.push(arg);
  }
  if (folders.length !== 1) throw new HandoutError(`donnez un seul dossier où écrire le dépôt des étudiants, par exemple «\u00a0npm run handout -- ../tp-etudiants\u00a0»`);
  const files = buildHandout(ROOT, folders[0], { answers, language });
  const languages = language ? `en ${languageById(language).name}` : 'en TypeScript et en Python';
  console.log(`Dépôt des étudiants écrit dans ${folders[0]}\u00a0: ${files.length} fichiers, ${languages}, ${answers ? 'avec' : 'sans'} answers.md.`);
  console.log(`Pour l'essayer\u00a0: cd ${folders[0]} && npm ci && npm run check`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof HandoutError)) throw err;
  console.error(`Erreur\u00a0: ${err.message}.`);
  process.exitCode = 2;
}
