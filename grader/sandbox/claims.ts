// Claims on numbered resources shared by every grader process of the machine (ports, uids):
// a claim is a folder created atomically under $TMPDIR, so that two graders running at once
// (Jest workers, a class run beside a check) never hand out the same number.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const everySet: ClaimSet[] = [];
process.once('exit', () => everySet.forEach((set) => set.releaseAll()));

export class ClaimSet {
  private readonly root: string;
  private readonly held = new Set<string>();

  /** `lifetimeMs`: a claim older than this was left by a dead process and may be taken over. */
  constructor(kind: string, private readonly lifetimeMs: number) {
    // TP_CLAIMS_DIR: set by the supervisor for its workers, whose TMPDIR is the run's own folder.
    this.root = path.join(process.env.TP_CLAIMS_DIR ?? os.tmpdir(), `tp-micro-${kind}`);
    everySet.push(this);
  }

  /** Claims `name`; false if another live grader holds it. */
  claim(name: string | number): boolean {
    const dir = path.join(this.root, String(name));
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        fs.mkdirSync(this.root, { recursive: true, mode: 0o1777 });
        return this.claim(name);
      }
      if (code !== 'EEXIST') return true; // cannot claim at all: the caller's own check still applies
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs < this.lifetimeMs) return false;
        fs.utimesSync(dir, new Date(), new Date()); // stale: take it over
      } catch {
        return false;
      }
    }
    this.held.add(dir);
    return true;
  }

  release(name: string | number): void {
    const dir = path.join(this.root, String(name));
    if (this.held.delete(dir)) removeClaim(dir);
  }

  releaseAll(): void {
    for (const dir of this.held) removeClaim(dir);
    this.held.clear();
  }
}

/** A claim is an empty folder: rmdir, not a recursive removal (which costs a walk each time). */
function removeClaim(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // already gone (taken over as stale, or removed by hand)
  }
}
