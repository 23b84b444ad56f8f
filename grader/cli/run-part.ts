// npm run serveur -- N [port] [--pile] [--reference] [--langage L]   /   npm run client -- N [port] [message]
// Runs a part's program from exercises/ (or TP_DOSSIER) exactly as the grader does, in the
// part's language (grader/languages: built once, then the same interpreter and flags), but
// with the keyboard and the terminal as its own, outside any sandbox. Works on Windows, macOS,
// Linux. A part that holds both languages runs in the one --langage names, else TP_LANGAGE (as
// for npm run check), else TypeScript, as npm run grade decides.
// --reference runs solutions/ instead (the teacher's repository only: a handout has none).
// An error the program does not handle is one French line (grader/by-hand/preload.ts);
// --pile shows the language's stack trace instead.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageKeptByNpm, parseRunArguments, RunUsageError, type RunRequest } from '../by-hand/arguments';
import { preloadArgs } from '../by-hand/preload';
import { CheckUsageError, optionsKeptByNpm } from '../check/arguments';
import { checkedLanguage } from '../check/dossier';
import { partDirName } from '../harness/transpile';
import { languageById, languageOfPart, type Language } from '../languages';
import { findPython } from '../languages/python-interpreter';

function folderOf(request: RunRequest): string {
  if (!request.reference) return path.resolve(process.env.TP_DOSSIER ?? 'exercises');
  const solutions = path.resolve('solutions');
  if (!fs.existsSync(path.join(solutions, partDirName(request.part)))) {
    throw new RunUsageError(`--reference lance la solution de l'enseignant, qui n'est pas dans ce dépôt (pas de dossier solutions/${partDirName(request.part)})`);
  }
  return solutions;
}

/** --langage is obeyed as given (its file may be missing: the build says so); TP_LANGAGE only where the part holds both. */
function languageFor(partDir: string, request: RunRequest): Language {
  if (request.language) return languageById(request.language);
  let preferred;
  try {
    preferred = checkedLanguage();
  } catch (err) {
    if (err instanceof CheckUsageError) throw new RunUsageError(err.message);
    throw err;
  }
  return languageOfPart(partDir, preferred);
}

/** The Python the grader would use; a French line when there is none. */
async function needPython(): Promise<void> {
  const { found, passedOver } = await findPython();
  if (found) return;
  const why = passedOver.length > 0 ? ` (écartés\u00a0: ${passedOver.join('\u00a0; ')})` : '';
  throw new RunUsageError(`aucun Python 3 utilisable sur cette machine${why}\u00a0: installez Python 3.8 ou plus récent, ou donnez son chemin dans TP_PYTHON`);
}

async function main(): Promise<void> {
  const role = process.argv[2] as 'serveur' | 'client';
  let request: RunRequest;
  let partDir: string;
  let language: Language;
  try {
    request = parseRunArguments(role, languageKeptByNpm([...process.argv.slice(3), ...optionsKeptByNpm(['reference', 'pile'])]));
    partDir = path.join(folderOf(request), partDirName(request.part));
    language = languageFor(partDir, request);
    if (language.id === 'python') await needPython();
  } catch (err) {
    if (!(err instanceof RunUsageError)) throw err;
    console.error(`Erreur\u00a0: ${err.message}.`);
    process.exit(2);
  }
  const build = await language.build(partDir, request.part);
  const script = build.scripts[role];
  if (build.environmentFault || !script) {
    console.error(`Erreur\u00a0: ${build.environmentFault ?? build.problems[role]}`);
    process.exit(2);
  }
  // The very program the grader starts (interpreter, flags, environment), the preload in front.
  const program = language.program(script, request.programArgs);
  const args = [...program.interpreterArgs, ...preloadArgs(language.id, script, build.sourceDir, request.stackTrace), path.join(program.dir, program.script), ...program.args];
  const child = spawn(program.interpreter, args, { stdio: 'inherit', env: { ...process.env, ...program.env } });
  // Ctrl-C reaches the child from the terminal itself; we only wait and pass its code on.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

void main();
