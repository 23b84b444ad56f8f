// npm run demo: the list names every demonstration; each one plays to its end in a few seconds,
// exits 0 and sees on this machine what answers.md says (no « Inattendu »); a bad name is one
// French line and exit 2.
import { describe, expect, it } from '@jest/globals';
import { DEMOS } from '../grader/demos';
import { runCli } from './cli';

describe('npm run demo', () => {
  it('sans argument, liste chaque démonstration avec sa phrase', async () => {
    const r = await runCli('demo.ts');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const demo of DEMOS) expect(lines.some((line) => line.trim().startsWith(demo.name) && line.endsWith(demo.summary))).toBe(true);
  });

  it('nom inconnu : une ligne en français, code 2', async () => {
    const r = await runCli('demo.ts', 'pas-de-telle-demo');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Erreur\u00a0: démonstration inconnue «\u00a0pas-de-telle-demo\u00a0»/)]);
  });

  it.concurrent.each(DEMOS.map((d) => [d.name]))('%s se joue jusqu\'au bout, sans surprise, et sort avec le code 0', async (name) => {
    const r = await runCli('demo.ts', name);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('Inattendu');
    expect(r.stdout).toContain('À retenir\u00a0:');
    expect(r.code).toBe(0);
    expect(r.durationMs).toBeLessThan(10_000);
  });
});
