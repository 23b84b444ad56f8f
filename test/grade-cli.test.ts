// `npm run grade` on one copy, as a teacher or a student uses it: exit codes, one French line
// when it cannot grade and no partial file, Gradescope's JSON, syntax errors as verdicts,
// re-scoring stored verdicts. A whole class: grade-class.test.ts.
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
    expect(r.stderr.trim().split('\n')).toEqual(['Erreur\u00a0: dossier ou archive introuvable\u00a0: pas-de-tel-dossier']);
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
    expect(r.stdout).toContain('Fichier absent\u00a0: aucun dossier partie-1/ dans la copie.');
  });

  it('les verdicts enregistrés (sans points) se renotent sans rien relancer', async () => {
    const out = path.join(tmp, 'notes-exercises');
    const first = await grade('exercises', '--out', out, '--jobs', '2');
    expect(first.code).toBe(0);
    const records = fs.readdirSync(path.join(out, 'verdicts'));
    expect(records).toHaveLength(1);
    expect(fs.readFileSync(path.join(out, 'verdicts', records[0]), 'utf8')).not.toMatch(/"points"|"score"/);
    const again = await grade('--rescore', out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^exercises\s+exercises\s+0\s+0\s+0\s+0\s+0\/20\s+noté$/m);
    expect(fs.readFileSync(path.join(out, 'notes.csv'), 'utf8')).toContain('\r\nexercises,exercises,0,0,0,0,0,noté,\r\n');
  });

  it('une archive .rar donnée seule : une ligne en français, code 2', async () => {
    const rar = path.join(tmp, 'rendu.rar');
    fs.writeFileSync(rar, 'Rar!\x1a\x07\x00');
    const r = await grade(rar);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('Erreur\u00a0: archive .rar non lue («\u00a0rendu.rar\u00a0»)\u00a0: déposez une archive .zip ou .tar.gz');
  });
});
