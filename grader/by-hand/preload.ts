// What runs in front of a student's program started by hand (npm run serveur / client), so that
// an error it does not handle is one French line: for Node, unhandled-error.ts, loaded with
// --require; for Python, python-preload.py, which runs the program itself. Each goes before the
// program's script on the interpreter's command line, after the language's own flags.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import type { LanguageId } from '../languages';

const BY_HAND = __dirname;
/** The Node preload and what it imports, transpiled beside the program (plain node runs it). */
const NODE_PRELOAD = ['unhandled-error.ts', 'crash-line.ts'];
/** Plain Python, run from here (a handout copies it as it is). */
export const PYTHON_PRELOAD = path.join(BY_HAND, 'python-preload.py');

/** Writes the Node preload as JavaScript into the program's build folder; returns its path. */
function writeNodePreload(besideScript: string): string {
  const dir = path.join(path.dirname(besideScript), '.tp-by-hand');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of NODE_PRELOAD) {
    const out = ts.transpileModule(fs.readFileSync(path.join(BY_HAND, file), 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    });
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, '.js')), out.outputText);
  }
  return path.join(dir, 'unhandled-error.js');
}

/**
 * The arguments that go between the interpreter's flags and `script` (a file of the part's
 * build, made from `sourceDir`). With `stackTrace` (--pile), Node runs the program bare; Python
 * keeps its preload, which then prints the traceback whole with the student's own file names.
 */
export function preloadArgs(language: LanguageId, script: string, sourceDir: string, stackTrace: boolean): string[] {
  if (language === 'python') return [PYTHON_PRELOAD, ...(stackTrace ? ['--pile'] : []), sourceDir];
  return stackTrace ? [] : ['--require', writeNodePreload(script)];
}
