// What `npm run serveur -- 2 5050` / `npm run client -- 1 5050 bonjour` was asked: the part, the
// options of the command itself, and the arguments passed on to the student's program.
import { partOf } from '../check/arguments';
import type { Role } from '../harness/transpile';

export interface RunRequest {
  role: Role;
  part: number;
  /** Run solutions/ instead of the student's folder (teacher's repository only). */
  reference: boolean;
  /** Keep Node's own stack trace for an error the program does not handle. */
  stackTrace: boolean;
  /** Passed on to the program: [port] (and the message, in Partie I). */
  programArgs: string[];
}

export class RunUsageError extends Error {}

export function parseRunArguments(role: Role, argv: string[]): RunRequest {
  const request: RunRequest = { role, part: 0, reference: false, stackTrace: false, programArgs: [] };
  const example = `«\u00a0npm run ${role} -- 2 5050\u00a0»`;
  const rest: string[] = [];
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '--reference') request.reference = true;
    else if (arg === '--pile') request.stackTrace = true;
    else if (arg.startsWith('--')) throw new RunUsageError(`option inconnue\u00a0: ${arg} (seule option\u00a0: --pile)`);
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
