// What `npm run check -- …` was asked: which parts, watch mode, every failure in full. A part
// is named as the énoncés and the folders name it: `2`, `partie-2`, or the folder's path.
import { PARTS } from '../cases';

export interface CheckRequest {
  /** The parts to check, in order; every part when none is named. */
  parts: number[];
  watch: boolean;
  /** Explain every failure, not only the first of each part. */
  everyFailure: boolean;
  help: boolean;
}

/** A request that cannot be understood, said in one French line. */
export class CheckUsageError extends Error {}

export const CHECK_USAGE = `Usage\u00a0: npm run check -- [PARTIE…] [--watch] [--tout]
  PARTIE     1, 2, 3 ou 4 (ou partie-2, ou exercises/partie-2)\u00a0; par défaut toutes les parties
  --watch    relance la vérification à chaque enregistrement d'un fichier de la partie (Ctrl-C pour arrêter)
  --tout     explique chaque échec, pas seulement le premier de chaque partie`;

const PART_NAME = /^(?:.*[\\/])?(?:partie-)?([0-9]+)[\\/]?$/;

export function parseCheckArguments(argv: string[]): CheckRequest {
  const request: CheckRequest = { parts: [], watch: false, everyFailure: false, help: false };
  for (const arg of argv) {
    if (arg === '--') continue; // npm run check -- -- 2: one -- too many, harmless
    if (arg === '--watch' || arg === '-w') request.watch = true;
    else if (arg === '--tout' || arg === '--all') request.everyFailure = true;
    else if (arg === '--help' || arg === '-h') request.help = true;
    else if (arg.startsWith('-')) throw new CheckUsageError(`option inconnue\u00a0: ${arg} (voir --help)`);
    else request.parts.push(partOf(arg));
  }
  request.parts = request.parts.length === 0 ? [...PARTS] : [...new Set(request.parts)].sort((a, b) => a - b);
  return request;
}

export function partOf(arg: string): number {
  const match = PART_NAME.exec(arg);
  const part = match ? Number(match[1]) : NaN;
  if (!PARTS.includes(part)) {
    throw new CheckUsageError(`partie inconnue\u00a0: «\u00a0${arg}\u00a0»\u00a0; donnez un numéro de ${PARTS[0]} à ${PARTS[PARTS.length - 1]}, par exemple «\u00a0npm run check -- 2\u00a0»`);
  }
  return part;
}

/**
 * `npm run check 2 --watch`, without `--`, hands --watch to npm itself, which keeps it only as
 * the environment variable npm_config_watch=true: taken back here, so that the command a
 * beginner typed does what it says.
 */
export function optionsKeptByNpm(names: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return names.filter((name) => env[`npm_config_${name}`] === 'true').map((name) => `--${name}`);
}
