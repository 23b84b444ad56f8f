// Which Python runs the students' programs, found once per process. Each OS names it its own
// way (python3, python, the py launcher on Windows), and the first one on PATH may be a shim
// (pyenv, asdf) that only works for its owner: each candidate is asked where its real binary
// is (sys.executable), then started once inside a box exactly as a student program would be
// (its own uid when the grader is root). The first that starts is used; the others are named
// with the reason they were passed over, for the grader's first lines.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launch } from '../harness/launcher';
import { waitFor } from '../harness/timing';

/**
 * Flags of every Python student program: -u unbuffered stdout and stderr (a line printed is a
 * line the harness sees at once); -B no .pyc written (the part folder is read-only in its box);
 * -X utf8 UTF-8 for stdio, argv and files whatever the locale (Windows' cp1252 included).
 */
export const PYTHON_FLAGS = ['-u', '-B', '-X', 'utf8'];

/** The same, for the Python processes a student program may start itself. */
export const PYTHON_ENV: Record<string, string> = {
  PYTHONUNBUFFERED: '1',
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONUTF8: '1',
  PYTHONIOENCODING: 'utf-8',
};

/** The oldest Python the references and skeletons run on (f-strings, str.isascii, -X utf8). */
const MINIMUM = [3, 8] as const;

export interface PythonInterpreter {
  /** The real binary (shims resolved), as every box starts it. */
  path: string;
  /** « 3.11.2 » */
  version: string;
  /** The candidate it was found as, e.g. « /usr/bin/python3 ». */
  foundAs: string;
}

export interface PythonSearch {
  found?: PythonInterpreter;
  /** French, one per candidate passed over: which and why. */
  passedOver: string[];
}

const IS_WINDOWS = process.platform === 'win32';

/** TP_PYTHON first, then every python3, python (and py on Windows) on PATH, in PATH order. */
function candidates(): string[] {
  const names = IS_WINDOWS ? ['py', 'python', 'python3'] : ['python3', 'python'];
  const exts = IS_WINDOWS ? (process.env.PATHEXT ?? '.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  const dirs = [...(process.env.PATH ?? process.env.Path ?? '').split(path.delimiter).filter(Boolean), ...(IS_WINDOWS ? [] : ['/usr/local/bin', '/usr/bin', '/bin'])];
  const found: string[] = process.env.TP_PYTHON ? [process.env.TP_PYTHON] : [];
  for (const name of names) {
    for (const dir of dirs) {
      for (const ext of exts) {
        const file = path.join(dir, name + ext);
        try {
          fs.accessSync(file, fs.constants.X_OK);
          if (fs.statSync(file).isFile() && !found.includes(file)) found.push(file);
        } catch {
          // not here
        }
      }
    }
  }
  return found;
}

const QUERY = 'import json, sys; print(json.dumps({"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3]}))';

/** Asks a candidate (as the grader, with the grader's environment: shims need it) for its real binary. */
function ask(candidate: string): Promise<{ executable: string; version: string } | string> {
  const args = path.basename(candidate).toLowerCase().startsWith('py.') || path.basename(candidate).toLowerCase() === 'py' ? ['-3', '-c', QUERY] : ['-c', QUERY];
  return new Promise((resolve) => {
    execFile(candidate, args, { timeout: 15_000, encoding: 'utf8', windowsHide: true }, (err, stdout, stderr) => {
      if (err) return resolve(((stderr || err.message).trim().split('\n').pop() ?? '').slice(0, 200));
      try {
        const answer = JSON.parse(stdout.trim().split('\n').pop() ?? '');
        if (typeof answer.executable !== 'string' || answer.executable === '') return resolve("ne dit pas où se trouve son exécutable");
        resolve(answer);
      } catch {
        resolve(`réponse illisible (${stdout.trim().slice(0, 80)})`);
      }
    });
  });
}

/** The modules the TP needs, imported inside a box by the interpreter itself: undefined if it works. */
const SELF_CHECK = 'import errno, selectors, signal, socket, threading; print("ok")';

async function startsInBox(interpreter: string): Promise<string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-python-'));
  fs.chmodSync(dir, 0o755);
  try {
    // The script is empty: `-c` runs the check, and what the box passes after it is only argv.
    const proc = launch('python', { dir, interpreter, interpreterArgs: [...PYTHON_FLAGS, '-c', SELF_CHECK], script: '', args: [], env: PYTHON_ENV });
    const waited = await waitFor(() => proc.exit, 15_000, 10);
    if (!waited.ok) proc.killTree();
    await proc.gone;
    if (proc.startError) return proc.startError.message;
    // « le bac à sable n'a pas pu démarrer (bwrap: …) »: the reason in brackets is enough here.
    if (proc.sandboxFault) return /\((.*)\)$/.exec(proc.sandboxFault)?.[1] ?? proc.sandboxFault;
    if (waited.ok && proc.exit?.code === 0 && proc.stdout.text().trim() === 'ok') return undefined;
    const why = proc.stderr.text().trim().split('\n').pop() || (waited.ok ? `code de sortie ${proc.exit?.code ?? proc.exit?.signal}` : 'ne répond pas');
    return why.slice(0, 200);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function tooOld(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1]);
}

async function search(): Promise<PythonSearch> {
  const passedOver: string[] = [];
  const tried = new Set<string>();
  for (const candidate of candidates()) {
    const answer = await ask(candidate);
    if (typeof answer === 'string') {
      passedOver.push(`${candidate}\u00a0: ne démarre pas (${answer})`);
      continue;
    }
    let real: string;
    try {
      real = fs.realpathSync(answer.executable);
    } catch {
      real = answer.executable;
    }
    if (tried.has(real)) continue;
    tried.add(real);
    const shown = real === candidate ? candidate : `${candidate} → ${real}`;
    if (tooOld(answer.version)) {
      passedOver.push(`${shown}\u00a0: Python ${answer.version}, il faut ${MINIMUM.join('.')} ou plus récent`);
      continue;
    }
    const boxed = await startsInBox(real);
    if (boxed !== undefined) {
      passedOver.push(`${shown}\u00a0: ne démarre pas dans le bac à sable (${boxed})`);
      continue;
    }
    return { found: { path: real, version: answer.version, foundAs: candidate }, passedOver };
  }
  return { passedOver };
}

let cached: Promise<PythonSearch> | undefined;
let settled: PythonSearch | undefined;

/**
 * The Python of this machine, searched at the first call (a few hundred ms), then remembered.
 * Each process searches for itself (each worker, as it finds its own sandbox layers).
 */
export function findPython(): Promise<PythonSearch> {
  cached ??= search().then((found) => (settled = found));
  return cached;
}

/** The interpreter found, once findPython() has settled (synchronous, for starting programs). */
export function pythonFound(): PythonInterpreter | undefined {
  return settled?.found;
}

/** « Python : /usr/bin/python3.11 (3.11.2) », with a ⚠ line per candidate passed over, in French. */
export function describePython(found: PythonSearch): string {
  const lines = found.found
    ? [`Python\u00a0: ${found.found.path} (${found.found.version}${found.found.foundAs !== found.found.path ? `, trouvé comme ${found.found.foundAs}` : ''}).`]
    : ['Python\u00a0: aucun Python 3 utilisable\u00a0: les parties en Python ne seront pas notées (installez python3, ou donnez son chemin dans TP_PYTHON).'];
  for (const p of found.passedOver) lines.push(`  ⚠ écarté\u00a0: ${p}`);
  return lines.join('\n');
}
