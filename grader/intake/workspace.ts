// Every copy gets its own temporary folder: archives are unpacked there and the parts found are
// staged there, so that nothing of a hand-in is ever written anywhere else, and the grader
// never reads the hand-in again once its parts are staged. All of it goes at exit.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let root: string | undefined;
let next = 0;

/** A new empty folder for one copy (or one archive of a class). */
export function newWorkspace(label: string): string {
  if (!root) {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-intake-'));
    process.once('exit', removeWorkspaces);
  }
  const dir = path.join(root, `${String(next++).padStart(4, '0')}-${label.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)}`);
  fs.mkdirSync(dir);
  return dir;
}

/** Removes every copy's folder (at exit, and after each test file). */
export function removeWorkspaces(): void {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
}
