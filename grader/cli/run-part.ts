// npm run serveur -- N [port] [--pile] [--reference]   /   npm run client -- N [port] [message]
// Runs a part's program from exercises/ (or TP_DOSSIER) exactly as the grader does: transpiled,
// then plain node, with the keyboard and the terminal as its own. Works on Windows, macOS, Linux.
// --reference runs solutions/ instead (the teacher's repository only: a handout has none).
// An error the program does not handle is one French line (grader/by-hand/unhandled-error.ts);
// --pile shows Node's stack trace instead.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseRunArguments, RunUsageError, type RunRequest } from '../by-hand/arguments';
import { optionsKeptByNpm } from '../check/arguments';
import { NODE_FLAGS } from '../harness/launcher';
import { buildPart, partDirName, type Role } from '../harness/transpile';

// The preload and what it imports, transpiled beside the program (plain node runs it).
const BY_HAND = path.join(__dirname, '..', 'by-hand');
const PRELOAD = ['unhandled-error.ts', 'crash-line.ts'];

function folderOf(request: RunRequest): string {
  if (!request.reference) return path.resolve(process.env.TP_DOSSIER ?? 'exercises');
  const solutions = path.resolve('solutions');
  if (!fs.existsSync(path.join(solutions, partDirName(request.part)))) {
    throw new RunUsageError(`--reference lance la solution de l'enseignant, qui n'est pas dans ce dépôt (pas de dossier solutions/${partDirName(request.part)})`);
  }
  return solutions;
}

/** Writes the preload as JavaScript into the program's build folder; returns its path. */
function writePreload(besideScript: string): string {
  const dir = path.join(path.dirname(besideScript), '.tp-by-hand');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of PRELOAD) {
    const out = ts.transpileModule(fs.readFileSync(path.join(BY_HAND, file), 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    });
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, '.js')), out.outputText);
  }
  return path.join(dir, 'unhandled-error.js');
}

function main(): void {
  const role = process.argv[2] as Role;
  let request: RunRequest;
  let folder: string;
  try {
    request = parseRunArguments(role, [...process.argv.slice(3), ...optionsKeptByNpm(['reference', 'pile'])]);
    folder = folderOf(request);
  } catch (err) {
    if (!(err instanceof RunUsageError)) throw err;
    console.error(`Erreur\u00a0: ${err.message}.`);
    process.exit(2);
  }
  const build = buildPart(path.join(folder, partDirName(request.part)), request.part);
  const script = build.scripts[role];
  if (!script) {
    console.error(`Erreur\u00a0: ${build.problems[role]}`);
    process.exit(2);
  }
  const preload = request.stackTrace ? [] : ['--require', writePreload(script)];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...preload, script, ...request.programArgs], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself; we only wait and pass its code on.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

main();
