// Every file the grader writes goes through a temporary file and a rename: a reader (or a run
// interrupted half-way) sees the old file or the new one, never half of one.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeAtomically(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
