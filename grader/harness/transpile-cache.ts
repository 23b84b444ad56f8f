// Transpiled student files, kept on disk between runs and keyed by everything the output
// depends on: the compiler's version, its options, the file's folder (the source map names it),
// its name and its content. Transpiling is the grader's largest fixed cost for one copy (about
// 50 ms a file on a cold compiler, 0.4 s for the eight files of a copy); a teacher who grades
// the same copy again, a student who re-runs `npm run check` on parts left unchanged, and the
// untouched skeletons then pay nothing. Identical files in two copies' folders are two entries:
// no copy's verdict ever rests on another copy's files. Old entries are pruned.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
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

/** The cached result for `inputs`, or `make()`'s, then kept. */
export function cachedTranspile(inputs: string[], make: () => Transpiled): Transpiled {
  if (!ready()) return make();
  const key = createHash('sha256').update(inputs.join('\0')).digest('hex').slice(0, 40);
  const file = path.join(DIR, `${key}.json`);
  try {
    const hit = JSON.parse(fs.readFileSync(file, 'utf8')) as Transpiled;
    const now = new Date();
    fs.utimesSync(file, now, now); // used: kept by prune()
    return hit;
  } catch {
    // not there yet (or half written by a run that was killed: made again)
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
