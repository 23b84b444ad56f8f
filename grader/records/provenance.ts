// Which grader produced a verdict: the package version and the git commit (when there is one),
// shown with every grade so that a disputed one can be traced; and a fingerprint of the code
// that decides verdicts, part of every record's key, so that verdicts from another version of
// the tests are never reused.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GraderVersion {
  /** package.json's version. */
  version: string;
  /** The git commit, when the grader runs from a clone. */
  commit?: string;
  /** The clone has local changes under grader/. */
  modified?: boolean;
  /** sha256 of what decides a verdict: the tests, the harness, the runner, the lock file. */
  fingerprint: string;
}

const ROOT = path.join(__dirname, '..', '..');
const VERDICT_CODE = ['grader/cases', 'grader/harness', 'grader/grading', 'grader/sandbox'];

let cached: GraderVersion | undefined;

export function graderVersion(): GraderVersion {
  if (cached) return cached;
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', timeout: 5000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  // Outside a clone (Gradescope's zip), commit.txt may say which commit the files come from.
  const commitFile = path.join(ROOT, 'commit.txt');
  const commit = fs.existsSync(path.join(ROOT, '.git'))
    ? git('rev-parse', '--short=12', 'HEAD')
    : fs.existsSync(commitFile)
      ? fs.readFileSync(commitFile, 'utf8').trim().slice(0, 12) || undefined
      : undefined;
  const modified = commit ? (git('status', '--porcelain', '--', 'grader') ?? '') !== '' : undefined;
  cached = { version: pkg.version, commit, modified, fingerprint: fingerprint() };
  return cached;
}

function fingerprint(): string {
  const hash = createHash('sha256');
  const files = VERDICT_CODE.flatMap((dir) => listFiles(path.join(ROOT, dir))).sort();
  files.push(path.join(ROOT, 'package-lock.json'));
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(ROOT, file).split(path.sep).join('/')).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => /\.(ts|json|sh)$/.test(f) && fs.statSync(f).isFile());
}

/** « tp-micro-service 0.1.0 (commit 1a2b3c4d5e6f) », as feedback shows it. */
export function describeGrader(v: Pick<GraderVersion, 'version' | 'commit' | 'modified'>): string {
  const commit = v.commit ? `commit ${v.commit}${v.modified ? ', modifié localement' : ''}` : 'hors dépôt git';
  return `tp-micro-service ${v.version} (${commit})`;
}
