import { ALL_CASES } from './grader/cases';
import { runCase, pool } from './grader/runner';
(async () => {
  const ids = process.argv.slice(3);
  const cases = ALL_CASES.filter((c) => ids.includes(c.id));
  const n = Number(process.argv[2]);
  const items = Array.from({ length: n }, (_, i) => cases[i % cases.length]);
  const res = await pool(items, 4, (c) => runCase(c, 'solutions', 2026));
  const bad = res.filter((v) => v.status !== 'passed');
  console.log(`${bad.length} failed of ${n}`);
  for (const v of bad.slice(0, 3)) console.log(v.id, v.feedback);
})();
