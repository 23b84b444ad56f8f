// The watcher of `npm run check --watch`: a burst of saves gives one run, a save during a run
// gives one run after it, never two runs at once; only .ts files count.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { matters, watchParts } from '../grader/check/watch';
import { waitFor } from '../grader/harness/timing';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-watch-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('watchParts', () => {
  it('regroupe les enregistrements et ne lance jamais deux vérifications à la fois', async () => {
    const dir = path.join(tmp, 'partie-2');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'serveur.ts');
    fs.writeFileSync(file, '// 0\n');
    let active = 0;
    let maxActive = 0;
    const runs: number[][] = [];
    let release: (() => void) | undefined;
    const watcher = watchParts(
      [{ part: 2, dir }],
      async (parts) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(parts);
        await new Promise<void>((resolve) => (release = resolve));
        active--;
      },
      (message) => {
        throw new Error(message);
      },
    );
    try {
      for (let i = 1; i <= 5; i++) fs.writeFileSync(file, `// ${i}\n`); // an editor's burst
      expect((await waitFor(() => (active === 1 ? true : undefined), 5000)).ok).toBe(true);
      fs.writeFileSync(file, '// pendant\n'); // saved while the check runs
      fs.writeFileSync(file, '// pendant, encore\n');
      const queued = runs.length;
      release!();
      expect((await waitFor(() => (runs.length > queued && active === 1 ? true : undefined), 5000)).ok).toBe(true);
      release!();
      expect((await waitFor(() => (active === 0 ? true : undefined), 5000)).ok).toBe(true);
      expect(maxActive).toBe(1);
      expect(runs.length).toBeLessThan(7); // bursts were gathered, not one run per write
      expect(runs.every((p) => p.length === 1 && p[0] === 2)).toBe(true);
    } finally {
      release?.();
      watcher.close();
    }
  });

  it("ne compte que les fichiers .ts (pas les fichiers d'échange des éditeurs)", () => {
    expect(matters('serveur.ts')).toBe(true);
    expect(matters('outils/lignes.ts')).toBe(true);
    expect(matters(null)).toBe(true);
    for (const name of ['.serveur.ts.swp', 'serveur.ts~', '4913', 'notes.txt']) expect(matters(name)).toBe(false);
  });
});
