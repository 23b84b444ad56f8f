// What `npm run serveur -- 2 5050` / `npm run client -- 1 5050 bonjour` was asked: the part, the
// options of the command itself, and the arguments passed on to the student's program.
import { partOf } from '../check/arguments';
import type { Role } from '../harness/transpile';
import { LANGUAGE_IDS, type LanguageId } from '../languages';

export interface RunRequest {
  role: Role;
  part: number;
  /** Run solutions/ instead of the student's folder (teacher's repository only). */
  reference: boolean;
  /** Keep the language's own stack trace for an error the program does not handle. */
  stackTrace: boolean;
  /** --langage: run this language's file, even where the part holds both (undefined: the part decides). */
  language?: LanguageId;
  /** Passed on to the program: [port] (and the message, in Partie I). */
  programArgs: string[];
}

export class RunUsageError extends Error {}

const LANGUAGE_OPTION = '--langage';

function languageOf(value: string | undefined): LanguageId {
  if (value === undefined || value === '' || value.startsWith('-')) {
    throw new RunUsageError(`${LANGUAGE_OPTION} attend ${LANGUAGE_IDS.map((l) => `«\u00a0${l}\u00a0»`).join(' ou ')}, par exemple «\u00a0${LANGUAGE_OPTION} python\u00a0»`);
  }
  if (!(LANGUAGE_IDS as string[]).includes(value)) {
    throw new RunUsageError(`${LANGUAGE_OPTION} attend ${LANGUAGE_IDS.map((l) => `«\u00a0${l}\u00a0»`).join(' ou ')}, pas «\u00a0${value}\u00a0»`);
  }
  return value as LanguageId;
}

export function parseRunArguments(role: Role, argv: string[]): RunRequest {
  const request: RunRequest = { role, part: 0, reference: false, stackTrace: false, programArgs: [] };
  const example = `«\u00a0npm run ${role} -- 2 5050\u00a0»`;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--reference') request.reference = true;
    else if (arg === '--pile') request.stackTrace = true;
    else if (arg === LANGUAGE_OPTION) request.language = languageOf(argv[++i]);
    else if (arg.startsWith(`${LANGUAGE_OPTION}=`)) request.language = languageOf(arg.slice(LANGUAGE_OPTION.length + 1));
    else if (arg.startsWith('--')) throw new RunUsageError(`option inconnue\u00a0: ${arg} (options\u00a0: --pile, --langage typescript ou python)`);
    else rest.push(arg);
  }
  const [partText, ...programArgs] = rest;
  if (partText === undefined) throw new RunUsageError(`donnez le numéro de la partie (1 à 4), par exemple ${example}`);
  try {
    request.part = partOf(partText);
  } catch {
    throw new RunUsageError(`partie inconnue\u00a0: «\u00a0${partText}\u00a0»\u00a0; donnez le numéro de la partie (1 à 4), par exemple ${example}`);
  }
  request.programArgs = programArgs;
  return request;
}

/**
 * `npm run serveur 2 5050 --langage python`, without `--`, hands the option to npm, which keeps
 * it as npm_config_langage: « python » with `=`, « true » without, the value then left among the
 * positionals. Taken back here, as optionsKeptByNpm does for --pile and --reference.
 */
export function languageKeptByNpm(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const kept = env.npm_config_langage;
  if (kept === undefined || argv.includes(LANGUAGE_OPTION) || argv.some((a) => a.startsWith(`${LANGUAGE_OPTION}=`))) return argv;
  if (kept !== 'true') return [...argv, `${LANGUAGE_OPTION}=${kept}`];
  const at = argv.findIndex((a) => (LANGUAGE_IDS as string[]).includes(a));
  if (at === -1) return [...argv, LANGUAGE_OPTION];
  return [...argv.slice(0, at), ...argv.slice(at + 1), `${LANGUAGE_OPTION}=${argv[at]}`];
}
