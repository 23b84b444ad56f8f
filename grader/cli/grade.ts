// npm run grade -- [DOSSIER…] [options]: grades submissions over real TCP and prints, per part
// and per test, the points and the French feedback, then a total out of 20.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CASES } from '../cases';
import { GradingError, loadBareme, score } from '../scoring';
import { gradeCopies, type GradedCopy } from '../grading/class-run';
import { checkCopyFolder, copyOfFolder, type Copy } from '../grading/copy';
import { DEFAULT_GRADING_SEED } from '../harness/data';
import { killAllNow } from '../harness/launcher';
import { LANGUAGE_IDS, languageOfPart, needsPython, type LanguageId } from '../languages';
import { describePython, findPython } from '../languages/python-interpreter';
import { typecheckPart } from '../harness/typecheck';
import { describeLayers, sandboxLayers } from '../sandbox/layers';
import { privateNetworkWorks } from '../sandbox/network';
import { gradescopeResults, textReport } from '../report';
import { DEFAULT_JOBS } from '../grading/runner';

const USAGE = `Usage\u00a0: npm run grade -- [DOSSIER…] [--json FICHIER] [--seed N] [--jobs N] [--verdicts FICHIER] [--rescore FICHIER] [--typecheck] [--langage L]
  DOSSIER            une copie (un dossier avec partie-1/, partie-2/…)\u00a0; par défaut exercises/
  --json FICHIER     écrit les résultats au format results.json de Gradescope (une seule copie)
  --seed N           graine des données des tests (par défaut ${DEFAULT_GRADING_SEED})
  --jobs N           nombre de tests menés en même temps (par défaut ${DEFAULT_JOBS})
  --verdicts FICHIER enregistre les verdicts (sans les points) pour les renoter plus tard
  --rescore FICHIER  renote des verdicts enregistrés avec le barème actuel, sans rien relancer
  --typecheck        vérifie aussi les types (conseils seulement, sans effet sur la note)
  --langage L        typescript (par défaut) ou python\u00a0: la langue notée quand une partie contient les deux
                     (une partie écrite dans une seule langue est notée dans celle-ci)`;

interface Options {
  folders: string[];
  json?: string;
  seed: number;
  jobs: number;
  verdicts?: string;
  rescore?: string;
  typecheck: boolean;
  language?: LanguageId;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        verdicts: { type: 'string' },
        rescore: { type: 'string' },
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
    if (!Number.isInteger(n) || n < min || n > max) throw new GradingError(`--${name} attend un entier de ${min} à ${max}, pas «\u00a0${text}\u00a0»`);
    return n;
  };
  if (values.langage !== undefined && !(LANGUAGE_IDS as string[]).includes(values.langage)) {
    throw new GradingError(`--langage attend ${LANGUAGE_IDS.join(' ou ')}, pas «\u00a0${values.langage}\u00a0»`);
  }
  const options: Options = {
    folders: positionals.length > 0 ? positionals : ['exercises'],
    json: values.json,
    seed: integer('seed', values.seed, DEFAULT_GRADING_SEED, 0, 2 ** 32 - 1),
    jobs: integer('jobs', values.jobs, DEFAULT_JOBS, 1, 64),
    verdicts: values.verdicts,
    rescore: values.rescore,
    typecheck: values.typecheck ?? false,
    language: values.langage as LanguageId | undefined,
  };
  if (options.rescore && positionals.length > 0) throw new GradingError(`--rescore relit des verdicts enregistrés\u00a0: ne donnez pas de dossier`);
  if (options.json && !options.rescore && options.folders.length > 1) throw new GradingError(`--json n'accepte qu'une seule copie (${options.folders.length} données)`);
  for (const file of [options.json, options.verdicts]) {
    if (file && !fs.existsSync(path.dirname(path.resolve(file)))) throw new GradingError(`dossier introuvable pour ${file}`);
  }
  return options;
}

interface StoredVerdicts {
  seed: number;
  copies: GradedCopy[];
}

/** Writes through a temporary file and a rename: never a partial file. */
function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function readStoredVerdicts(file: string): StoredVerdicts {
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredVerdicts;
    if (!Array.isArray(stored.copies)) throw new Error('pas de liste «\u00a0copies\u00a0»');
    return stored;
  } catch (err) {
    throw new GradingError(`verdicts illisibles (${file})\u00a0: ${(err as Error).message}`);
  }
}

/**
 * One folder that cannot be graded is an error. In a class, it is reported and skipped: one
 * empty hand-in must not stop the grading of the others.
 */
function gradableCopies(folders: string[], language?: LanguageId): Copy[] {
  if (folders.length === 1) return [checkCopyFolder(folders[0], language)];
  const ok = folders.flatMap((folder) => {
    try {
      return [checkCopyFolder(folder, language)];
    } catch (err) {
      if (!(err instanceof GradingError)) throw err;
      console.error(`Copie non notée\u00a0: ${err.message}`);
      return [];
    }
  });
  if (ok.length === 0) throw new GradingError('aucune des copies données ne peut être notée');
  return ok;
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const bareme = loadBareme(ALL_CASES);
  const started = performance.now();
  let stored: StoredVerdicts;
  if (options.rescore) {
    stored = readStoredVerdicts(options.rescore);
    if (options.json && stored.copies.length !== 1) throw new GradingError(`--json n'accepte qu'une seule copie (${stored.copies.length} dans ${options.rescore})`);
  } else {
    const copies = gradableCopies(options.folders, options.language);
    // Once, before grading: which layers of containment this machine gives (grader/sandbox),
    // and which Python runs the parts written in Python (grader/languages).
    console.error(describeLayers(sandboxLayers(), privateNetworkWorks()));
    if (needsPython(copies)) console.error(describePython(await findPython()));
    stored = { seed: options.seed, copies: await gradeCopies(copies, options.seed, options.jobs) };
  }
  const seconds = (performance.now() - started) / 1000;

  const reports: string[] = [];
  for (const copy of stored.copies) {
    const result = score(bareme, copy.verdicts);
    reports.push(textReport(copy.folder, stored.seed, result));
    if (options.typecheck) {
      // Types exist only in the parts written in TypeScript.
      const parts = Object.entries(copyOfFolder(copy.folder).parts).filter(([, dir]) => languageOfPart(dir!, options.language).id === 'typescript');
      const errors = parts.flatMap(([p, dir]) => typecheckPart(dir!, Number(p)));
      reports.push(errors.length === 0 ? 'Vérification des types\u00a0: aucune erreur.' : `Vérification des types (conseils, sans effet sur la note)\u00a0:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    }
    if (options.json) writeAtomically(options.json, JSON.stringify(gradescopeResults(result, seconds), null, 2) + '\n');
  }
  if (options.verdicts) writeAtomically(options.verdicts, JSON.stringify(stored, null, 2) + '\n');
  console.log(reports.join('\n\n'));
  if (!options.rescore) console.log(`\nDurée\u00a0: ${seconds.toFixed(1)}\u00a0s`);
  return 0;
}

// Interrupted (Ctrl-C, a CI timeout, a closed terminal): no student program may outlive us.
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
