// Transpiled student files, kept on disk between runs and keyed by everything the output
// depends on: the compiler's version, its options, the file's folder (the source map names it),
// its name and its content. Transpiling is the grader's largest fixed cost for one copy (about
// 50 ms a file on a cold compiler, 0.4 s for the eight files of a copy); a teacher who grades
// the same copy again, a student who re-runs `npm run check` on parts left unchanged, and the
// untouched skeletons then pay nothing. Identical files in two copies' folders are two entries:
// no copy's verdict ever rests on another copy's files. Folders under the temporary folder are
// not kept, and entries unused for 30 days are pruned.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'node_modules', '.cache', 'tp-micro-service', 'copies');
/** Entries not used for this long are removed (checked once per process). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export interface Transpiled {
  outputText: string;
  /** French lines, one per syntax error. */
  errors: string[];
}

let usable: boolean | undefined;
let pruned = false;

function ready(): boolean {
  if (usable !== undefined) return usable;
  try {
    fs.mkdirSync(DIR, { recursive: true, mode: 0o700 });
    fs.accessSync(DIR, fs.constants.W_OK);
    usable = true;
  } catch {
    usable = false; // a cache that cannot be written only costs time
  }
  return usable;
}

function isUnder(dir: string, root: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return true; // cannot tell: not kept
  }
  return real === root || real.startsWith(root + path.sep);
}

/** Marks an entry as used (kept by prune()); a cache that cannot be written only costs time. */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // read-only: kept anyway
  }
}

function prune(): void {
  pruned = true;
  const now = Date.now();
  for (const name of fs.readdirSync(DIR)) {
    const file = path.join(DIR, name);
    try {
      if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

/** Bumped whenever what an entry holds changes (the options, the wording of syntax errors). */
const CACHE_VERSION = '1';
const TMP = fs.realpathSync(os.tmpdir());

/**
 * The cached result for `inputs` (of the file in `sourceDir`), or `make()`'s, then kept. Folders
 * under the temporary folder (hand-ins staged for one run, tests) are not kept: the key holds
 * the folder, so they could never be found again.
 */
export function cachedTranspile(sourceDir: string, inputs: string[], make: () => Transpiled): Transpiled {
  if (isUnder(sourceDir, TMP) || !ready()) return make();
  const key = createHash('sha256').update([CACHE_VERSION, ...inputs].join('\0')).digest('hex').slice(0, 40);
  const file = path.join(DIR, `${key}.json`);
  try {
    const hit = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Transpiled>;
    if (typeof hit.outputText === 'string' && Array.isArray(hit.errors)) {
      touch(file);
      return { outputText: hit.outputText, errors: hit.errors.map(String) };
    }
  } catch {
    // not there yet (or unreadable): made again
  }
  const made = make();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(made));
    fs.renameSync(tmp, file);
    if (!pruned) prune();
  } catch {
    fs.rmSync(tmp, { force: true });
  }
  return made;
}
