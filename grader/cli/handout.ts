// npm run handout -- OUT_DIR [--sans-reponses]: writes the students' repository into OUT_DIR
// (new or empty, outside this repository). Exit code 0 when written, 2 with one French line
// when it cannot be.
import * as path from 'node:path';
import { buildHandout, HandoutError } from '../handout/build';

const USAGE = `Usage\u00a0: npm run handout -- DOSSIER [--sans-reponses]
  DOSSIER          où écrire le dépôt des étudiants (nouveau ou vide, hors de ce dépôt)
  --sans-reponses  sans answers.md ni les démonstrations qu'il cite`;

const ROOT = path.join(__dirname, '..', '..');

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--sans-reponses');
  if (unknown) throw new HandoutError(`option inconnue\u00a0: ${unknown} (voir --help)`);
  const folders = argv.filter((a) => !a.startsWith('-'));
  if (folders.length !== 1) throw new HandoutError(`donnez un seul dossier où écrire le dépôt des étudiants, par exemple «\u00a0npm run handout -- ../tp-etudiants\u00a0»`);
  const answers = !argv.includes('--sans-reponses');
  const files = buildHandout(ROOT, folders[0], { answers });
  console.log(`Dépôt des étudiants écrit dans ${folders[0]}\u00a0: ${files.length} fichiers, ${answers ? 'avec' : 'sans'} answers.md.`);
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
