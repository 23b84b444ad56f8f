// `npm run grade` as a teacher uses it: exit codes, one French line when it cannot grade and
// no partial file, Gradescope's JSON, syntax errors as verdicts, re-scoring stored verdicts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { loadBareme } from '../grader/scoring';
import { ROOT, runCli } from './cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-cli-'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function grade(...args: string[]) {
  return runCli('grade.ts', ...args);
}

describe('npm run grade', () => {
  it('dossier introuvable : une ligne en français, code 2, aucun JSON', async () => {
    const json = path.join(tmp, 'absent.json');
    const r = await grade('pas-de-tel-dossier', '--json', json);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['Erreur\u00a0: dossier introuvable\u00a0: pas-de-tel-dossier']);
    expect(fs.existsSync(json)).toBe(false);
  });

  it('option inconnue : une ligne en français, code 2', async () => {
    const r = await grade('--vite');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['Erreur\u00a0: option inconnue\u00a0: --vite (voir --help)']);
  });

  it('--json avec deux copies : refusé, code 2', async () => {
    const r = await grade('solutions', 'exercises', '--json', path.join(tmp, 'deux.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Erreur\u00a0: --json n'accepte qu'une seule copie/);
  });

  it('solutions/ : 20/20 et un results.json au format Gradescope', async () => {
    const json = path.join(tmp, 'results.json');
    const r = await grade('solutions', '--json', json, '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\s+[✗⏱!] /.test(l))).toEqual([]);
    expect(r.stdout).toContain('Total\u00a0: 20/20');
    const results = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(results).toMatchObject({ score: 20, max_score: 20 });
    expect(typeof results.execution_time).toBe('number');
    for (const t of results.tests) {
      expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'number', 'output', 'score', 'status', 'visibility']);
      expect(t.number).toMatch(/^[1-4]\.\d+$/);
      expect(t.status).toBe('passed');
    }
  });

  it("une erreur de syntaxe est un verdict : code 0, la partie échoue avec l'erreur", async () => {
    const copy = path.join(tmp, 'syntaxe');
    fs.cpSync(path.join(ROOT, 'solutions', 'partie-2'), path.join(copy, 'partie-2'), { recursive: true });
    const file = path.join(copy, 'partie-2', 'serveur.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("socket.write(ligne + '\\n');", "socket.write(ligne + '\\n';"));
    const r = await grade(copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('partie-2 ne compile pas (erreur de syntaxe)');
    const partTwo = loadBareme(ALL_CASES).parties.find((p) => p.partie === 2)!;
    expect(r.stdout).toContain(`${partTwo.titre}\u00a0: 0/${Object.values(partTwo.tests).reduce((a, b) => a + b, 0)}`);
    expect(r.stdout).toContain('Dossier partie-1/ absent de la copie.');
  });

  it('les verdicts enregistrés se renotent sans rien relancer', async () => {
    const verdicts = path.join(tmp, 'verdicts.json');
    const first = await grade('exercises', '--verdicts', verdicts, '--jobs', '2');
    expect(first.code).toBe(0);
    const stored = JSON.parse(fs.readFileSync(verdicts, 'utf8'));
    expect(JSON.stringify(stored)).not.toMatch(/"points"|"score"/);
    const again = await grade('--rescore', verdicts);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Total\u00a0: 0/20');
  });
});
