// npm run grade -- [CHEMIN…] [options]: grades one copy (report on the terminal) or a whole
// class (a gradebook, Moodle's files, feedback, a class page, under --out). This file only reads
// the options; grade-run.ts wires the rooms together.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { VISIBILITIES, type Visibility } from '../gradescope/results';
import { DEFAULT_JOBS } from '../grading/runner';
import { DEFAULT_GRADING_SEED } from '../harness/data';
import { killAllNow } from '../harness/launcher';
import { LANGUAGE_IDS, type LanguageId } from '../languages';
import { GradingError } from '../scoring';
import { runGrade, type GradeOptions } from './grade-run';

const USAGE = `Usage\u00a0: npm run grade -- [CHEMIN…] [options]
  CHEMIN                 une copie ou une classe\u00a0: dossier, archive .zip ou .tar.gz, téléchargement
                         Moodle («\u00a0Télécharger tous les travaux remis\u00a0»)\u00a0; par défaut exercises/
  --classe / --copie     lit chaque CHEMIN comme une classe / comme une seule copie
  --out DOSSIER          où écrire les résultats d'une classe (par défaut notes/ à côté de la classe)
  --seed N               graine des données des tests (par défaut ${DEFAULT_GRADING_SEED})
  --jobs N               nombre de tests menés en même temps (par défaut ${DEFAULT_JOBS})
  --bareme FICHIER       barème à appliquer (par défaut grader/bareme.json)\u00a0; rien n'est relancé
  --only ID              renote l'étudiant ID (identifiant de notes.csv), même déjà noté
  --csv-sep ';'          notes.csv séparé par des points-virgules, virgule décimale
  --feedback resume      retours sans le détail des tests (nom et résultat seulement)
  --moodle-worksheet F   remplit la feuille d'évaluation Moodle F dans moodle.csv
  --corrections F        notes et commentaires de l'enseignant (par défaut DOSSIER/corrections.csv)
  --rescore DOSSIER      réécrit les fichiers d'une classe déjà notée, sans relire les copies
  --json FICHIER         une seule copie\u00a0: results.json de Gradescope
  --gradescope-visibility V   visibilité des tests dans ce JSON (visible, after_due_date…)
  --typecheck            une seule copie\u00a0: vérifie aussi les types (conseils, sans effet sur la note)
  --langage L            typescript (par défaut) ou python\u00a0: la langue notée là où une partie a les deux
                         (une partie écrite dans une seule langue est notée dans celle-ci)
Codes de sortie\u00a0: 0 tout a été noté\u00a0; 1 des copies n'ont pas pu être notées (listées)\u00a0;
2 rien n'a été noté (une ligne dit pourquoi)\u00a0; 3 erreur interne\u00a0; 130 interrompu (Ctrl-C).`;

function parseOptions(argv: string[]): GradeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        classe: { type: 'boolean', default: false },
        copie: { type: 'boolean', default: false },
        out: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        bareme: { type: 'string' },
        only: { type: 'string', multiple: true },
        'csv-sep': { type: 'string' },
        feedback: { type: 'string' },
        'moodle-worksheet': { type: 'string' },
        corrections: { type: 'string' },
        rescore: { type: 'string' },
        json: { type: 'string' },
        'gradescope-visibility': { type: 'string' },
        typecheck: { type: 'boolean', default: false },
        langage: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const unknown = /'(-[^' ]+)/.exec((err as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new GradingError(`option inconnue\u00a0: ${unknown ?? ''} (voir --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new GradingError(`valeur manquante pour l'option ${unknown ?? ''}`);
    throw new GradingError(`arguments invalides (voir --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const integer = (name: string, text: string | undefined, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < min || n > max) throw new GradingError(`--${name} attend un entier de ${min} à ${max}, pas «\u00a0${text}\u00a0»`);
    return n;
  };
  const oneOf = <T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T => {
    if (text === undefined) return fallback;
    if (!allowed.includes(text as T)) throw new GradingError(`--${name} attend ${allowed.map((a) => `«\u00a0${a}\u00a0»`).join(' ou ')}, pas «\u00a0${text}\u00a0»`);
    return text as T;
  };
  if (values.classe && values.copie) throw new GradingError('--classe et --copie ne vont pas ensemble');
  const options: GradeOptions = {
    paths: positionals,
    mode: values.classe ? 'classe' : values.copie ? 'copie' : 'auto',
    out: values.out,
    seed: integer('seed', values.seed, DEFAULT_GRADING_SEED, 0, 2 ** 32 - 1),
    seedGiven: values.seed !== undefined,
    jobs: integer('jobs', values.jobs, DEFAULT_JOBS, 1, 64),
    bareme: values.bareme,
    only: values.only ?? [],
    separator: oneOf('csv-sep', values['csv-sep'], [',', ';'] as const, ','),
    feedback: oneOf('feedback', values.feedback, ['complet', 'resume'] as const, 'complet'),
    worksheet: values['moodle-worksheet'],
    corrections: values.corrections,
    rescore: values.rescore,
    json: values.json,
    visibility: oneOf<Visibility>('gradescope-visibility', values['gradescope-visibility'], VISIBILITIES, 'visible'),
    typecheck: values.typecheck ?? false,
    language: values.langage === undefined ? undefined : oneOf<LanguageId>('langage', values.langage, LANGUAGE_IDS, 'typescript'),
  };
  if (options.rescore) {
    if (positionals.length > 0) throw new GradingError('--rescore relit une classe déjà notée\u00a0: ne donnez pas de copie');
    if (options.seedGiven) throw new GradingError('--seed est sans effet avec --rescore\u00a0: les verdicts enregistrés ont leur graine (relancez sans --rescore pour changer de graine)');
    for (const [given, name] of [[options.only.length > 0, '--only'], [options.mode !== 'auto', '--classe/--copie'], [options.json, '--json']] as const) {
      if (given) throw new GradingError(`${name} est sans effet avec --rescore`);
    }
  }
  if (options.paths.length === 0 && !options.rescore) options.paths = ['exercises'];
  for (const file of [options.json]) {
    if (file && !fs.existsSync(path.dirname(path.resolve(file)))) throw new GradingError(`dossier introuvable pour ${file}`);
  }
  return options;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  return runGrade(options);
}

// Interrupted (Ctrl-C, a CI timeout, a closed terminal): no student program may outlive us, and
// every verdict obtained so far is already stored (a restart grades only what is missing).
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(sig, () => {
    killAllNow();
    process.exit(code);
  });
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    if (err instanceof GradingError) {
      console.error(`Erreur\u00a0: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 3;
    }
  },
);
