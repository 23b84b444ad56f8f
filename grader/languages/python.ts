// Python 3: a part's .py files are copied once into a build folder (the box mounts it read-only
// at /copie), compiled once there by the interpreter itself to find syntax errors, then each
// program runs as `python3 -u -B -X utf8 serveur.py PORT` in a box, with the same limits,
// deadlines, output caps and kill-the-tree guarantees as a Node program (they are the sandbox's).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launch } from '../harness/launcher';
import { deadline, waitFor } from '../harness/timing';
import { newBuildDir, partDirName, type Role } from '../harness/transpile';
import { findPython, PYTHON_ENV, PYTHON_FLAGS, pythonFound, type PythonInterpreter } from './python-interpreter';
import type { Language, LanguageBuild } from './types';

const ROLES: Role[] = ['serveur', 'client'];

/** Every .py file of a part's folder, relative, with forward slashes (no caches, no hidden folders). */
export function listPyFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.py') && !f.split('/').some((seg) => seg === '__pycache__' || seg.startsWith('.')))
    .filter((f) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.isFile());
}

/**
 * Compiles each file given (relative to the current folder), without running any of it, and
 * prints one JSON line per syntax error. Run by the student's interpreter, inside a box.
 */
const SYNTAX_CHECK = `
import json, os, sys
for name in sys.argv[1:]:
    name = os.path.relpath(name)
    try:
        with open(name, "rb") as source:
            compile(source.read(), name, "exec", dont_inherit=True)
    except SyntaxError as err:
        print(json.dumps({"file": name, "line": err.lineno, "column": err.offset, "message": err.msg}))
    except Exception as err:
        print(json.dumps({"file": name, "line": None, "column": None, "message": "%s: %s" % (type(err).__name__, err)}))
`;

interface SyntaxProblem {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

function formatProblem(part: number, p: SyntaxProblem): string {
  const where = p.line ? `, ligne ${p.line}${p.column ? `, colonne ${p.column}` : ''}` : '';
  return `  ${partDirName(part)}/${p.file}${where}\u00a0: ${p.message}`;
}

/** Runs the syntax check in a box: the problems found, or a French reason why the check itself failed. */
async function checkSyntax(interpreter: PythonInterpreter, dir: string, files: string[]): Promise<SyntaxProblem[] | { fault: string }> {
  const proc = launch('syntaxe', {
    dir,
    interpreter: interpreter.path,
    interpreterArgs: [...PYTHON_FLAGS, '-c', SYNTAX_CHECK],
    // With -c, the "script" is only the first argument: the check lists every file itself.
    script: files[0],
    args: files.slice(1),
    env: PYTHON_ENV,
  });
  const waited = await waitFor(() => proc.exit, 10_000, 5);
  if (!waited.ok) proc.killTree();
  await proc.gone;
  if (proc.sandboxFault) return { fault: proc.sandboxFault };
  if (proc.startError) return { fault: `Python n'a pas pu être lancé (${proc.startError.message})` };
  if (!waited.ok) return { fault: `la vérification de la syntaxe n'a pas fini en ${deadline(10_000) / 1000}\u00a0s` };
  if (proc.exit?.code !== 0) return { fault: `la vérification de la syntaxe a échoué (${proc.stderr.text().trim().split('\n').pop() ?? proc.exit?.code})` };
  return proc.stdout
    .lines()
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as SyntaxProblem);
}

const builds = new Map<string, Promise<LanguageBuild>>();

async function buildPython(dir: string, part: number): Promise<LanguageBuild> {
  const sourceDir = path.resolve(dir);
  const build: LanguageBuild = { part, sourceDir, scripts: {}, problems: {}, language: python };
  const { found, passedOver } = await findPython();
  if (!found) {
    build.environmentFault = `aucun Python 3 utilisable sur la machine du correcteur${passedOver.length > 0 ? ` (${passedOver.join(' ; ')})` : ''}`;
    return build;
  }
  const outDir = newBuildDir(part);
  const files = listPyFiles(sourceDir);
  for (const file of files) {
    const target = path.join(outDir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.copyFileSync(path.join(sourceDir, file), target);
    fs.chmodSync(target, 0o644);
  }
  if (files.length > 0) {
    const checked = await checkSyntax(found, outDir, files);
    if ('fault' in checked) {
      build.environmentFault = checked.fault;
      return build;
    }
    if (checked.length > 0) {
      build.syntaxError = `${partDirName(part)} ne compile pas (erreur de syntaxe)\u00a0:\n${checked.map((p) => formatProblem(part, p)).join('\n')}`;
    }
  }
  for (const role of ROLES) {
    if (build.syntaxError) build.problems[role] = build.syntaxError;
    else if (!files.includes(`${role}.py`)) build.problems[role] = `Fichier ${partDirName(part)}/${role}.py introuvable.`;
    else build.scripts[role] = path.join(outDir, `${role}.py`);
  }
  return build;
}

/** The header of a Python traceback, the contract's « pile d'appels ». */
const TRACEBACK = /^Traceback \(most recent call last\):$/m;

export const python: Language = {
  id: 'python',
  name: 'Python',
  extension: '.py',

  holds(dir) {
    return ROLES.some((role) => fs.existsSync(path.join(dir, `${role}.py`)));
  },

  build(dir, part) {
    const key = path.resolve(dir);
    const cached = builds.get(key);
    // A build's folder goes when removeBuilds() empties the build root: then build again.
    if (cached) {
      return cached.then((b) => {
        const folder = Object.values(b.scripts)[0];
        if (b.environmentFault || (folder && !fs.existsSync(folder))) {
          builds.delete(key);
          return python.build(dir, part);
        }
        return b;
      });
    }
    const building = buildPython(dir, part);
    builds.set(key, building);
    return building;
  },

  program(script, args) {
    // A script exists only in a build, and a build exists only once Python was found.
    const interpreter = pythonFound();
    if (!interpreter) throw new Error('python.program() before a Python build');
    return { dir: path.dirname(script), interpreter: interpreter.path, interpreterArgs: PYTHON_FLAGS, script: path.basename(script), args, env: PYTHON_ENV };
  },

  commandLine(role, args) {
    return `python3 ${role}.py ${args.map((a) => JSON.stringify(a)).join(' ')}`;
  },

  hasStackTrace(stderr) {
    return TRACEBACK.test(stderr);
  },

  /** The exception that ended the program: the last unindented line after the last traceback's header. */
  errorLine(stderr) {
    const lines = stderr.split('\n');
    let start = -1;
    lines.forEach((l, i) => {
      if (TRACEBACK.test(l)) start = i;
    });
    if (start === -1) return undefined;
    const tail = lines.slice(start + 1).filter((l) => l.trim() !== '' && !/^\s/.test(l));
    return tail[0]?.trim();
  },
};
