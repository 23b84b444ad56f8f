// The barème is checked whole before anything runs: every test exactly once, each part once,
// points positive or zero, a total of 20 (hand-graded points included). Every error is one
// French line, never Node's English.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { BAREME_FILE, baremeHash, checkBareme, GradingError, loadBareme, score, type Bareme } from '../grader/scoring';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-bareme-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const reference = JSON.parse(fs.readFileSync(BAREME_FILE, 'utf8')) as Bareme;
const copy = (): Bareme => JSON.parse(JSON.stringify(reference)) as Bareme;

function refusal(bareme: unknown, text?: string): string {
  try {
    checkBareme(bareme, ALL_CASES, text);
  } catch (err) {
    expect(err).toBeInstanceOf(GradingError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('barème accepté');
}

function fileRefusal(content: string): string {
  const file = path.join(tmp, `b${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, content);
  try {
    loadBareme(ALL_CASES, file);
  } catch (err) {
    expect(err).toBeInstanceOf(GradingError);
    return (err as Error).message;
  }
  throw new Error('barème accepté');
}

describe('barème', () => {
  it('le barème livré est accepté et fait 20 points', () => {
    const bareme = loadBareme(ALL_CASES);
    expect(bareme.total).toBe(20);
    expect(score(bareme, []).maxPoints).toBe(20);
  });

  it('une partie listée deux fois est refusée (elle donnait 24/20)', () => {
    const b = copy();
    b.parties.push(b.parties[0]);
    expect(refusal(b)).toBe('barème\u00a0: la partie 1 est listée deux fois.');
  });

  it('un test listé deux fois dans une partie est refusé (JSON garderait le dernier sans rien dire)', () => {
    const text = fs.readFileSync(BAREME_FILE, 'utf8').replace(/("p1-serveur-ecoute": [\d.]+,)/, '$1\n        $1');
    expect(fileRefusal(text)).toBe('barème\u00a0: le test «\u00a0p1-serveur-ecoute\u00a0» est listé deux fois.');
  });

  it('un test placé dans une autre partie, inconnu ou oublié est refusé', () => {
    const moved = copy();
    moved.parties[1].tests['p1-serveur-ecoute'] = 0.5;
    delete moved.parties[0].tests['p1-serveur-ecoute'];
    expect(refusal(moved)).toBe('barème\u00a0: «\u00a0p1-serveur-ecoute\u00a0» n\'est pas un test de la partie 2.');
    const unknown = copy();
    unknown.parties[0].tests['p1-inexistant'] = 0;
    expect(refusal(unknown)).toBe('barème\u00a0: le test «\u00a0p1-inexistant\u00a0» n\'existe pas.');
    const forgotten = copy();
    delete forgotten.parties[3].tests['p4-fin-dans-phrase'];
    expect(refusal(forgotten)).toBe('barème\u00a0: aucun point pour «\u00a0p4-fin-dans-phrase\u00a0».');
  });

  it('un total autre que 20 est refusé, comme le README le dit', () => {
    const b = copy();
    b.total = 10;
    expect(refusal(b)).toBe('barème\u00a0: «\u00a0total\u00a0» doit valoir 20 (la note est sur 20), pas 10.');
    const sum = copy();
    sum.parties[0].tests['p1-serveur-ecoute'] += 0.5;
    expect(refusal(sum)).toBe('barème\u00a0: les points font 20,5, pas 20.');
  });

  it('des points négatifs ou qui ne sont pas des nombres sont refusés', () => {
    const negative = copy();
    negative.parties[0].tests['p1-serveur-ecoute'] = -0.5;
    expect(refusal(negative)).toMatch(/^barème\u00a0: points invalides pour «\u00a0p1-serveur-ecoute\u00a0»\u00a0: -0.5/);
    const text = copy() as unknown as { parties: Array<{ tests: Record<string, unknown> }> };
    text.parties[0].tests['p1-serveur-ecoute'] = '0.5';
    expect(refusal(text)).toMatch(/points invalides pour «\u00a0p1-serveur-ecoute\u00a0»\u00a0: "0.5"/);
  });

  it('une clé mal orthographiée est refusée plutôt qu\'ignorée', () => {
    const b = { ...copy(), parites: [] };
    expect(refusal(b)).toBe('barème\u00a0: clé inconnue «\u00a0parites\u00a0» dans le barème (clés possibles\u00a0: total, parties, a_la_main).');
  });

  it('des points notés à la main comptent dans les 20 et changent l\'empreinte du barème', () => {
    const b = copy();
    // One point of Partie III's tests (the last ones first) goes to the written answers.
    let left = 1;
    for (const id of Object.keys(b.parties[2].tests).reverse()) {
      const taken = Math.min(left, b.parties[2].tests[id]);
      b.parties[2].tests[id] -= taken;
      left -= taken;
    }
    b.a_la_main = { titre: 'Questions écrites', points: 1 };
    const accepted = checkBareme(b, ALL_CASES);
    expect(score(accepted, []).maxPoints).toBe(19);
    expect(baremeHash(accepted)).not.toBe(baremeHash(loadBareme(ALL_CASES)));
    const tooMany = { ...b, a_la_main: { titre: 'Questions écrites', points: 2 } };
    expect(refusal(tooMany)).toBe('barème\u00a0: les points font 21 (dont 2 à la main), pas 20.');
  });

  it('un fichier absent ou du JSON invalide : une ligne en français avec la ligne et la colonne', () => {
    expect(() => loadBareme(ALL_CASES, path.join(tmp, 'absent.json'))).toThrow(`barème introuvable\u00a0: ${path.join(tmp, 'absent.json')}`);
    const message = fileRefusal('{\n  "total": 20,\n  "parties": [ , ]\n}\n');
    expect(message).toMatch(/^barème illisible \(.*\)\u00a0: JSON invalide ligne 3, colonne 16\.$/);
    expect(message).not.toMatch(/Unexpected|token|position/);
    expect(fileRefusal('{"total": 20')).toMatch(/JSON incomplet/);
  });

  it('un verdict manquant ne devient pas 0 en silence : score le signale', () => {
    const result = score(loadBareme(ALL_CASES), []);
    expect(result.missing).toHaveLength(ALL_CASES.length);
  });
});
