// The synthetic class `npm run bench` grades: by default 100 copies, 70 of the reference, 20
// broken (each with one mutant of test/fixtures), 5 untouched skeletons and 5 that hang in some
// part (a server that never listens, asleep). Every copy differs from every other by at least a
// comment: nothing may be graded once for two copies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { materialize, MUTANTS } from '../fixtures/mutants';

const ROOT = path.join(__dirname, '..', '..');

export interface Mix {
  reference: number;
  broken: number;
  untouched: number;
  hanging: number;
}

/** The mix, scaled to `size` copies (70 %, 20 %, 5 %, 5 %, rounded, summing to `size`). */
export function mixFor(size: number): Mix {
  const broken = Math.round(size * 0.2);
  const untouched = Math.round(size * 0.05);
  const hanging = Math.round(size * 0.05);
  return { reference: size - broken - untouched - hanging, broken, untouched, hanging };
}

/** A server that never listens and never ends: it sleeps (no CPU), the tests wait their deadline. */
const HANG = `
// --- bench: this copy hangs (the server never listens)
setInterval(() => {}, 60_000);
(net.Server.prototype as any).listen = function () {
  return this;
};
`;

/** Writes the class under `dir` (one folder per student) and returns the folders, in order. */
export function buildClass(dir: string, mix: Mix): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const folders: string[] = [];
  let n = 0;
  const next = (kind: string) => path.join(dir, `etudiant-${String(++n).padStart(3, '0')}-${kind}`);
  // Makes a copy unique: a comment with its own name in one file of each part.
  const stamp = (folder: string) => {
    for (const part of fs.readdirSync(folder)) {
      const file = path.join(folder, part, 'serveur.ts');
      if (fs.existsSync(file)) fs.appendFileSync(file, `\n// copie ${path.basename(folder)}\n`);
    }
  };

  for (let i = 0; i < mix.reference; i++) {
    const folder = next('reference');
    fs.cpSync(path.join(ROOT, 'solutions'), folder, { recursive: true });
    stamp(folder);
    folders.push(folder);
  }
  const scratch = fs.mkdtempSync(path.join(dir, '.mutants-'));
  for (let i = 0; i < mix.broken; i++) {
    const mutant = MUTANTS[Math.floor((i * MUTANTS.length) / Math.max(1, mix.broken))];
    const folder = next('cassee');
    fs.cpSync(path.join(ROOT, 'solutions'), folder, { recursive: true });
    const part = `partie-${mutant.part}`;
    fs.rmSync(path.join(folder, part), { recursive: true });
    fs.cpSync(path.join(materialize(mutant, scratch), part), path.join(folder, part), { recursive: true });
    stamp(folder);
    folders.push(folder);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  for (let i = 0; i < mix.untouched; i++) {
    const folder = next('intacte');
    fs.cpSync(path.join(ROOT, 'exercises'), folder, { recursive: true });
    for (const f of fs.readdirSync(folder, { recursive: true }) as string[]) if (f.endsWith('.md')) fs.rmSync(path.join(folder, f));
    stamp(folder);
    folders.push(folder);
  }
  for (let i = 0; i < mix.hanging; i++) {
    const folder = next('bloquee');
    fs.cpSync(path.join(ROOT, 'solutions'), folder, { recursive: true });
    const part = 1 + (i % 4);
    const file = path.join(folder, `partie-${part}`, 'serveur.ts');
    const anchor = "import * as net from 'node:net';\n";
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(anchor, () => anchor + HANG));
    stamp(folder);
    folders.push(folder);
  }
  return folders;
}
