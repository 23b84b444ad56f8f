// npm run fixtures: one bug costs one test. Grades every mutant of test/fixtures/mutants.ts
// with every test of its part and lists each mutant that fails other tests than those it
// lists, or not all of them. Its last line is `mutants en écart : K sur N`; it exits 1 when
// K > 0. Long (every test of a part per mutant): not part of npm test.
import * as fs from 'node:fs';
import { casesOfPart } from '../grader/cases';
import { copyOfFolder } from '../grader/grading/copy';
import { pool, runCase } from '../grader/grading/runner';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { killAllNow } from '../grader/harness/launcher';
import { fixturesRoot, materialize, MUTANTS } from './fixtures/mutants';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const list = MUTANTS.filter((m) => !filter || (/^\d$/.test(filter) ? String(m.part) === filter : m.name.includes(filter)));
  const root = fixturesRoot();
  process.once('exit', () => {
    killAllNow();
    fs.rmSync(root, { recursive: true, force: true });
  });
  let off = 0;
  // Two mutants at a time, two tests each: the load the deadlines are sized for on 2 cores.
  await pool(list, 2, async (m) => {
    const copy = copyOfFolder(materialize(m, root));
    const verdicts = await pool(casesOfPart(m.part), 2, (c) => runCase(c, copy, DEFAULT_GRADING_SEED));
    const failed = verdicts.filter((v) => v.status !== 'passed');
    const extra = failed.filter((v) => !m.kills.includes(v.id));
    const missed = m.kills.filter((id) => !failed.some((v) => v.id === id));
    if (extra.length === 0 && missed.length === 0) return;
    off++;
    console.log(`écart\u00a0: «\u00a0${m.name}\u00a0»`);
    for (const v of extra) console.log(`  échoue aussi à ${v.id}\u00a0: ${(v.feedback ?? '').split('\n')[0]}`);
    for (const id of missed) console.log(`  réussit ${id}, qu'il devrait faire échouer`);
  });
  console.log(`mutants en écart\u00a0: ${off} sur ${list.length}`);
  process.exitCode = off === 0 ? 0 : 1;
}

void main();
