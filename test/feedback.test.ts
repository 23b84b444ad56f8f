// The feedback lets a student find the bug: a loop that spins is named as such, a crash shows
// its error line (a skeleton's next TODO), a cut UTF-8 character is shown as « � » and
// explained, a display that never comes says « temps dépassé », an echo of raw reads is told
// that it does not split lines, and every failure quotes the sentence of the énoncé it grades.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { contractLine, runCase, type Verdict } from '../grader/grading/runner';
import { copyOfFolder } from '../grader/grading/copy';
import { DEFAULT_GRADING_SEED } from '../grader/harness/data';
import { hasTcpTable } from '../grader/harness/proc-net';
import { writeVariant } from '../grader/mutation/variant';
import { fixturesRoot, materialize, MUTANTS } from './fixtures/mutants';
import { ROOT } from './cli';

const root = fixturesRoot();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const byId = (id: string) => ALL_CASES.find((c) => c.id === id)!;
const mutant = (name: string) => MUTANTS.find((m) => m.name === name)!;

async function grade(id: string, folder: string): Promise<Verdict> {
  return runCase(byId(id), copyOfFolder(folder), DEFAULT_GRADING_SEED);
}

function firstLine(v: Verdict): string {
  return (v.feedback ?? '').split('\n')[0];
}

/** The skeleton of `file` in part `part` with its first TODO done (that function taken from the reference). */
function skeletonWithFirstTodoDone(part: number, file: string, fn: string): string {
  const skeleton = fs.readFileSync(path.join(ROOT, 'exercises', `partie-${part}`, file), 'utf8');
  const solution = fs.readFileSync(path.join(ROOT, 'solutions', `partie-${part}`, file), 'utf8');
  const body = (text: string) => {
    const start = text.indexOf(`function ${fn}(`);
    return text.slice(start, text.indexOf('\n}\n', start) + 2);
  };
  return skeleton.replace(body(skeleton), () => body(solution));
}

describe('retours', () => {
  it('un serveur qui tourne en boucle sans répondre est nommé comme tel', async () => {
    const folder = writeVariant(root, 2, 'serveur.ts', fs.readFileSync(path.join(ROOT, 'solutions/partie-2/serveur.ts'), 'utf8')
      .replace('      tampon = tampon.slice(fin + 1);\n', ''));
    const v = await grade('p2-echo-ordre', folder);
    expect(v.status).toBe('failed');
    if (hasTcpTable()) expect(firstLine(v)).toContain('utilise 100\u00a0% du processeur sans répondre\u00a0: une boucle sans fin\u00a0?');
  });

  it("un serveur qui plante un moment après avoir fermé la connexion est dit planté, pas « toujours en cours »", async () => {
    // Its socket closes 600 ms of work before its exit: the feedback waits for the program's
    // state (running, then gone), not for a timer that a busy machine would outrun.
    const folder = writeVariant(root, 2, 'serveur.ts', fs.readFileSync(path.join(ROOT, 'solutions/partie-2/serveur.ts'), 'utf8')
      .replace("      socket.write(ligne + '\\n');\n", "      socket.destroy();\n      const jusque = Date.now() + 600;\n      while (Date.now() < jusque) {}\n      throw new Error('panne après la fermeture');\n"));
    const v = await grade('p2-echo-ordre', folder);
    expect(v.status).toBe('failed');
    expect(firstLine(v)).toContain('connexion fermée');
    expect(firstLine(v)).toContain('panne après la fermeture');
    expect(v.feedback).not.toContain('toujours en cours');
  });

  it("le premier échec d'un squelette dont le TODO 1 est fait nomme le TODO 2, et ne dit pas « toujours en cours »", async () => {
    const folder = writeVariant(root, 1, 'serveur.ts', skeletonWithFirstTodoDone(1, 'serveur.ts', 'demarrerServeur'));
    const v = await grade('p1-serveur-repond', folder);
    expect(v.status).toBe('failed');
    expect(firstLine(v)).toMatch(/TODO 2 \(serveur\.ts, servirClient\)/);
    expect(v.feedback).not.toContain('toujours en cours');
  });

  it('un caractère UTF-8 coupé est montré «\u00a0�\u00a0», avec son explication', async () => {
    const v = await grade('p2-utf8-coupe', materialize(mutant('serveur qui décode chaque lecture séparément (UTF-8 coupé)'), root));
    expect(v.status).toBe('failed');
    expect(firstLine(v)).toContain('�');
    expect(firstLine(v)).not.toContain('\\xef');
    expect(firstLine(v)).toContain('un caractère UTF-8 coupé entre deux lectures');
  });

  it('un message jamais affiché (partie IV) est «\u00a0temps dépassé\u00a0», avec sa durée', async () => {
    const v = await grade('p4-serveur-affiche', materialize(mutant('serveur qui affiche les messages reçus sur la sortie d’erreur'), root));
    expect(v.status).toBe('failed');
    expect(firstLine(v)).toMatch(/temps dépassé \(\d+(,\d)?\u00a0s/);
  });

  it("l'écho des morceaux bruts est dit sans découpage en lignes", async () => {
    const v = await grade('p2-morceau-ignore', materialize(mutant("serveur d'écho des morceaux bruts, sans découpage en lignes (fin reconnu sur le morceau)"), root));
    expect(v.status).toBe('failed');
    expect(firstLine(v)).toContain('il ne découpe pas le flux en lignes');
  });

  it("chaque échec cite la phrase de l'énoncé qu'il note", async () => {
    const v = await grade('p1-client-refus', materialize(mutant("client dont le message de refus ne donne pas l'adresse"), root));
    expect(v.status).toBe('failed');
    expect((v.feedback ?? '').split('\n')[1]).toBe(contractLine(byId('p1-client-refus')));
  });
});
