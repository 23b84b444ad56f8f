// The class's files are plain functions of the records: statuses (délai dépassé, non noté…),
// points graded by hand, CSV quoting and decimal commas, a record edited by hand, Moodle's
// worksheet out of 100, the terminal's colours. No program runs here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import type { Verdict } from '../grader/grading/runner';
import { parseCsv, writeCsv, writeCsvFile } from '../grader/outputs/csv';
import { classResults, gradebookCsv, type StudentResult } from '../grader/outputs/gradebook';
import { fillWorksheet } from '../grader/outputs/moodle-worksheet';
import { resultTable, styleOf } from '../grader/outputs/terminal';
import type { Manifest, ManifestStudent } from '../grader/records/manifest';
import { graderVersion } from '../grader/records/provenance';
import { recordKey, RecordStore, type CopyRecord, type ReadRecord } from '../grader/records/store';
import { checkBareme, loadBareme, type Bareme } from '../grader/scoring';

const bareme = loadBareme(ALL_CASES);

function verdicts(status: (id: string) => Verdict['status'], feedback?: (id: string) => string | undefined): Verdict[] {
  return ALL_CASES.map((c) => ({ id: c.id, part: c.part, title: c.title, status: status(c.id), feedback: feedback?.(c.id), durationMs: 1 }));
}

function record(key: string, v: Verdict[], complete = true): CopyRecord {
  return { format: 1, key, grader: { version: '0.1.0', fingerprint: 'f' }, seed: 7, complete, verdicts: v };
}

function results(students: Array<{ id: string; state?: ManifestStudent['state']; record?: ReadRecord; reason?: string }>, b: Bareme = bareme, overrides = new Map()): StudentResult[] {
  const manifest: Manifest = {
    format: 1,
    title: 'test',
    seed: 7,
    students: students.map((s) => ({ id: s.id, name: s.id, source: s.id, state: s.state ?? 'gradable', reason: s.reason, notes: [], key: s.record ? s.id : undefined })),
  };
  const byKey = new Map(students.map((s) => [s.id, s.record]));
  return classResults(manifest, (key) => byKey.get(key), b, overrides);
}

/** The points the shipped barème gives a test. */
function pointsOf(id: string): number {
  return bareme.parties.flatMap((p) => Object.entries(p.tests)).find(([k]) => k === id)![1];
}

/** Takes exactly 1 point from Partie III's tests (the last ones first) and gives it to « à la main ». */
function handOverOnePoint(b: Bareme): void {
  let left = 1;
  const tests = b.parties[2].tests;
  for (const id of Object.keys(tests).reverse()) {
    const taken = Math.min(left, tests[id]);
    tests[id] -= taken;
    left -= taken;
  }
  b.a_la_main = { titre: 'Questions écrites', points: 1 };
}

describe('statuts du carnet', () => {
  const all = (s: Verdict['status']) => () => s;
  it('noté, ne compile pas, délai dépassé, absent, non noté (et pourquoi)', () => {
    const r = results([
      { id: 'a-note', record: { record: record('a', verdicts(all('passed'))) } },
      { id: 'b-compile', record: { record: record('b', verdicts((id) => (id.startsWith('p2') ? 'failed' : 'passed'), (id) => (id.startsWith('p2') ? 'partie-2 ne compile pas (erreur de syntaxe) :\n  …' : undefined))) } },
      { id: 'c-delai', record: { record: record('c', verdicts((id) => (id === 'p3-un-mio' ? 'timeout' : 'passed'))) } },
      { id: 'd-vide', state: 'empty' },
      { id: 'e-rar', state: 'refused', reason: 'archive .rar non lue' },
      { id: 'f-erreur', record: { record: record('f', verdicts((id) => (id === 'p1-serveur-ecoute' ? 'error' : 'passed'))) } },
      { id: 'g-interrompu', record: { record: record('g', verdicts(all('passed')).slice(0, 3), false) } },
      { id: 'h-retouche', record: { problem: 'verdict enregistré invalide pour «\u00a0p1-serveur-ecoute\u00a0» (statut «\u00a0réussi\u00a0»)' } },
      { id: 'i-manquant', record: { record: record('i', verdicts(all('passed')).slice(1)) } },
    ]);
    expect(r.map((x) => [x.student.id, x.status, x.total, x.why])).toEqual([
      ['a-note', 'noté', 20, undefined],
      ['b-compile', 'ne compile pas', 14, undefined],
      ['c-delai', 'délai dépassé', 20 - pointsOf('p3-un-mio'), undefined],
      ['d-vide', 'absent', undefined, undefined],
      ['e-rar', 'non noté', undefined, 'archive .rar non lue'],
      ['f-erreur', 'non noté', undefined, 'erreur du correcteur sur 1 test (à signaler)'],
      ['g-interrompu', 'non noté', undefined, 'notation interrompue\u00a0: relancez la commande'],
      ['h-retouche', 'non noté', undefined, 'verdict enregistré invalide pour «\u00a0p1-serveur-ecoute\u00a0» (statut «\u00a0réussi\u00a0»)'],
      ['i-manquant', 'non noté', undefined, 'verdict manquant pour p1-serveur-ecoute'],
    ]);
    const csv = gradebookCsv(r, bareme, { separator: ',' }).split('\r\n');
    expect(csv[3]).toBe(`c-delai,c-delai,4,6,${5 - pointsOf('p3-un-mio')},5,${20 - pointsOf('p3-un-mio')},délai dépassé,1 test arrêté à la limite de temps`);
    expect(csv[4]).toBe('d-vide,d-vide,,,,,,absent,rien de remis'); // an empty grade, not 0
  });

  it('des points à la main : le total attend leur saisie, puis les ajoute', () => {
    const b = JSON.parse(JSON.stringify(bareme)) as Bareme;
    handOverOnePoint(b);
    const withHand = checkBareme(b, ALL_CASES);
    const rec = { record: record('a', verdicts(() => 'passed')) };
    const [waiting] = results([{ id: 'a', record: rec }], withHand);
    expect([waiting.total, waiting.remarks]).toEqual([undefined, ['points à la main à saisir']]);
    const [entered] = results([{ id: 'a', record: rec }], withHand, new Map([['a', { hand: 0.5 }]]));
    expect(entered.total).toBe(19.5);
    expect(gradebookCsv([entered], withHand, { separator: ';' })).toBe(
      '\ufeffidentifiant;nom;partie 1 (/4);partie 2 (/6);partie 3 (/4);partie 4 (/5);à la main (/1);total (/20);statut;remarque\r\na;a;4;6;4;5;0,5;19,5;noté;\r\n',
    );
  });
});

describe('CSV', () => {
  it('guillemets autour d\'un champ qui contient le séparateur, un guillemet ou un retour à la ligne ; relu à l\'identique', () => {
    const text = writeCsv([['a', 'b;c', 'dit "oui"', 'deux\nlignes', ' espace']], ';');
    expect(text).toBe('a;"b;c";"dit ""oui""";"deux\nlignes";" espace"\r\n');
    const parsed = parseCsv(text);
    expect(parsed.rows[0].map((c) => c.value)).toEqual(['a', 'b;c', 'dit "oui"', 'deux\nlignes', ' espace']);
    expect(writeCsvFile(parsed)).toBe(text);
  });
});

describe('feuille d\'évaluation Moodle', () => {
  it('une note maximale de 100 : les notes sur 20 y sont ramenées, au format de la feuille', () => {
    const [r] = results([{ id: '100001', record: { record: record('k', verdicts((id) => (id.startsWith('p4') ? 'failed' : 'passed'))) } }]);
    r.student.moodle = { participant: '100001', folder: 'x' };
    const sheet = 'Identifier,Full name,Status,Grade,Maximum grade,Last modified (grade),Feedback comments\nParticipant 100001,Jean,Submitted,,100.00,-,\nParticipant 100002,Léa,Submitted,,100.00,-,\n';
    const filled = fillWorksheet(sheet, 'f.csv', [r], bareme, { grader: 'g', bareme: 'b' });
    const rows = parseCsv(filled.text).rows;
    expect(rows[1][3].value).toBe('75.00');
    expect(rows[2][3].value).toBe('');
    expect(filled.report).toContain('La feuille note sur 100\u00a0: les notes sur 20 y sont ramenées.');
  });
});

describe('terminal', () => {
  it('des couleurs sur un terminal seulement, jamais avec NO_COLOR', () => {
    expect(styleOf({ isTTY: true }, {})).toEqual({ tty: true, color: true });
    expect(styleOf({ isTTY: true }, { NO_COLOR: '1' })).toEqual({ tty: true, color: false });
    expect(styleOf({ isTTY: false }, {})).toEqual({ tty: false, color: false });
    const [r] = results([{ id: 'a', state: 'empty' }]);
    expect(resultTable([r], bareme, { tty: true, color: true })).toContain('\x1b[');
    expect(resultTable([r], bareme, { tty: true, color: false })).not.toContain('\x1b[');
  });
});

describe('les enregistrements', () => {
  it('écrits verdict par verdict ; un statut retouché à la main est refusé, pas affiché « undefined »', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-store-'));
    try {
      const store = new RecordStore(dir);
      const key = recordKey('contenu', 7, graderVersion());
      expect(recordKey('contenu', 8, graderVersion())).not.toBe(key); // another seed, another record
      store.start(key, 7, graderVersion());
      const [first, ...rest] = verdicts(() => 'passed');
      store.add(key, first);
      const partial = store.read(key);
      expect(partial && 'record' in partial && [partial.record.complete, partial.record.verdicts.length]).toEqual([false, 1]);
      store.complete(key, [first, ...rest]);
      const file = path.join(dir, `${key}.json`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"status": "passed"', '"status": "réussi"'));
      expect(store.read(key)).toEqual({ problem: 'verdict enregistré invalide pour «\u00a0p1-serveur-ecoute\u00a0» (statut «\u00a0réussi\u00a0»)' });
      expect(fs.readdirSync(dir)).toEqual([`${key}.json`]); // no temporary file left behind
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
