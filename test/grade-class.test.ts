// `npm run grade` on a whole class, as a teacher has it: a folder of nine hand-ins (complete,
// partial, a part missing, a repository root, an archive in an archive, one that does not
// compile, one that hangs, an empty one, a .rar) gives the expected gradebook; grading again
// runs nothing and gives the same bytes; another barème re-scores without running; the same
// class as Moodle's zip (named and anonymous, folders before and after Moodle 4.1, the flat
// layout) fills Moodle's worksheet in English and in French and builds retours.zip.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import yauzl from 'yauzl';
import { parseCsv } from '../grader/outputs/csv';
import { BAREME_FILE, type Bareme } from '../grader/scoring';
import { buildClassFolder, buildMoodleZip, buildWorksheet, EXPECTED_GRADEBOOK, MOODLE_STUDENTS } from './class-fixtures';
import { runCliEnv } from './cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-classe-'));
const classDir = path.join(work, 'TP-reseau');
const out = path.join(work, 'notes');
const env = { TMPDIR: path.join(work, 'tmp'), NO_COLOR: '1' };
fs.mkdirSync(env.TMPDIR);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const grade = (...args: string[]) => runCliEnv(env, 'grade.ts', ...args);

const NB = '\u00a0';
const ABSENT_2_3_4 = 'partie 2, partie 3, partie 4 absentes';
const EXPECTED = EXPECTED_GRADEBOOK;

let first: Awaited<ReturnType<typeof grade>>;

beforeAll(async () => {
  buildClassFolder(classDir);
  first = await grade(classDir, '--jobs', '3');
}, 180_000);

describe('une classe entière', () => {
  it('le carnet de notes attendu, une ligne par étudiant ; code 1 car une copie n\'a pas pu être notée', () => {
    expect(first.stderr).toContain('7 copies à noter.');
    expect(fs.readFileSync(path.join(out, 'notes.csv'), 'utf8')).toBe(EXPECTED.join('\r\n') + '\r\n');
    expect(first.code).toBe(1);
  });

  it('le terminal : une ligne par copie notée, puis un tableau et les copies non notées', () => {
    const progress = first.stderr.split('\n').filter((l) => /^\[\d\/7\] /.test(l));
    expect(progress).toHaveLength(7);
    expect(progress).toContain(`[${progress.findIndex((l) => l.includes('complet')) + 1}/7] complet${NB}: 20/20`);
    const table = first.stdout.split('\n');
    expect(table[0]).toMatch(/^Identifiant\s+Nom\s+P1\s+P2\s+P3\s+P4\s+Total\s+Statut$/);
    expect(table.filter((l) => /^(archive|bloque|compile-pas|complet|depot|illisible|partiel|sans-partie-3|vide) /.test(l))).toHaveLength(9);
    expect(first.stdout).toContain(`Copies non notées (2)${NB}:`);
    expect(first.stdout).toContain(`  vide — absent${NB}: rien de remis`);
    expect(first.stdout).not.toMatch(/\x1b\[/); // NO_COLOR, and not a terminal anyway
    expect(first.stdout).not.toContain('2026'); // the seed is the teacher's secret
  });

  it('chaque étudiant a son retour en français, avec la version du correcteur et l\'empreinte du barème', () => {
    const complet = fs.readFileSync(path.join(out, 'retours', 'complet.md'), 'utf8');
    expect(complet).toContain(`**Note${NB}: 20/20** (noté)`);
    expect(complet).toMatch(/Corrigé par tp-micro-service \d+\.\d+\.\d+ \((commit [0-9a-f]{12}|hors dépôt git)/);
    expect(complet).toMatch(/barème sha256:[0-9a-f]{12}/);
    const bloque = fs.readFileSync(path.join(out, 'retours', 'bloque.md'), 'utf8');
    expect(bloque).toContain('- ✗ `p1-serveur-repond`');
    expect(bloque).toMatch(/Attendu\u00a0: "[^"]+\\n"\u00a0; reçu\u00a0: rien en 2\u00a0s/);
    const depot = fs.readFileSync(path.join(out, 'retours', 'depot.md'), 'utf8');
    expect(depot).toContain('Dossier noté\u00a0: `tp-micro-service/exercises/partie-1/`');
    expect(fs.readFileSync(path.join(out, 'retours', 'illisible.md'), 'utf8')).toContain('Copie non notée\u00a0: archive .rar non lue');
    expect(fs.readdirSync(path.join(out, 'retours')).sort()).toEqual(EXPECTED.slice(1).map((l) => `${l.split(',')[0]}.md`).sort());
  });

  it('les retours suivent la typographie française (espace insécable avant : ; ? ! et dans « »)', () => {
    for (const file of fs.readdirSync(path.join(out, 'retours'))) {
      const prose = fs.readFileSync(path.join(out, 'retours', file), 'utf8').replace(/```+[\s\S]*?```+/g, '').replace(/`[^`\n]*`/g, 'X');
      const faults = prose.split('\n').flatMap((line) => [...line.matchAll(/ [:;?!](?=\s|$)|«(?!\u00a0)|(?<!\u00a0)»/g)].map((m) => `${file}: ${line.slice(Math.max(0, m.index - 30), m.index + 5)}`));
      expect(faults).toEqual([]);
    }
  });

  it('json/<id>.json : le results.json de Gradescope de chaque copie notée', () => {
    const json = JSON.parse(fs.readFileSync(path.join(out, 'json', 'complet.json'), 'utf8'));
    expect(json).toMatchObject({ score: 20, max_score: 20 });
    expect(json.tests.every((t: { status: string; visibility: string }) => t.status === 'passed' && t.visibility === 'visible')).toBe(true);
    expect(fs.readdirSync(path.join(out, 'json')).sort()).toEqual(['archive', 'bloque', 'compile-pas', 'complet', 'depot', 'partiel', 'sans-partie-3'].map((id) => `${id}.json`));
  });

  it('classe.html : une page autonome (rien à charger), histogramme, réussite par test, copies non notées', () => {
    const html = fs.readFileSync(path.join(out, 'classe.html'), 'utf8');
    expect(html).not.toMatch(/https?:|<script|<link|<img|@import|url\(|src=/i);
    expect(html).toContain('<svg');
    expect(html).toContain('Taux de réussite par test');
    expect(html).toContain('<code>p2-echo-ordre</code>');
    expect(html).toMatch(/<td>illisible<\/td><td>illisible<\/td><td>archive \.rar non lue/);
    expect(html).toContain('<td>vide</td><td>vide</td><td>rien de remis</td>');
  });

  it('un autre barème renote tout sans rien relancer ; --csv-sep ";" écrit des virgules décimales', async () => {
    const bareme = JSON.parse(fs.readFileSync(BAREME_FILE, 'utf8')) as Bareme;
    bareme.parties[0].tests['p1-serveur-ecoute'] = 1;
    bareme.parties[0].tests['p1-serveur-repond'] = 0;
    const file = path.join(work, 'bareme-2.json');
    fs.writeFileSync(file, JSON.stringify(bareme, null, 2));
    const r = await grade(classDir, '--bareme', file, '--csv-sep', ';');
    expect(r.stderr).toContain('0 copie à noter (7 déjà notées, non relancées).');
    const csv = fs.readFileSync(path.join(out, 'notes.csv'), 'utf8');
    expect(csv.startsWith('\ufeffidentifiant;nom;partie 1 (/4)')).toBe(true);
    // bloque's server listens (p1-serveur-ecoute, now 1 point) but never answers (p1-serveur-repond, now 0).
    expect(csv).toContain('\r\nbloque;bloque;3;0;0;0;3;noté;');
    expect(csv).toContain('\r\ncomplet;complet;4;6;5;5;20;noté;');
    const rescored = await grade('--rescore', out);
    expect(rescored.code).toBe(1);
    expect(fs.readFileSync(path.join(out, 'notes.csv'), 'utf8')).toBe(EXPECTED.join('\r\n') + '\r\n');
    const seeded = await grade('--rescore', out, '--seed', '5');
    expect(seeded.code).toBe(2);
    expect(seeded.stderr.trim()).toMatch(/^Erreur\u00a0: --seed est sans effet avec --rescore/);
  });

  it('les corrections de l\'enseignant : lues, jamais réécrites, marquées dans le carnet et le retour', async () => {
    const corrections = path.join(out, 'corrections.csv');
    const content = 'identifiant;note;commentaire\nbloque;8;Serveur vu en séance : il répondait.\n';
    fs.writeFileSync(corrections, content);
    const r = await grade('--rescore', out);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(corrections, 'utf8')).toBe(content);
    const row = fs.readFileSync(path.join(out, 'notes.csv'), 'utf8').split('\r\n').find((l) => l.startsWith('bloque,'));
    expect(row).toBe(`bloque,bloque,2.5,0,0,0,8,noté,"${ABSENT_2_3_4}${NB}; note fixée par l'enseignant (calculée${NB}: 2,5)${NB}; commentaire de l'enseignant"`);
    const feedback = fs.readFileSync(path.join(out, 'retours', 'bloque.md'), 'utf8');
    expect(feedback).toContain(`**Note${NB}: 8/20**`);
    expect(feedback).toContain(`Commentaire de l'enseignant${NB}: Serveur vu en séance : il répondait.`);
    fs.writeFileSync(corrections, 'identifiant;note\ninconnu;12\n');
    const bad = await grade('--rescore', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`Erreur${NB}: corrections (${corrections}), ligne 2${NB}: identifiant inconnu «${NB}inconnu${NB}» (voir la colonne identifiant de notes.csv)`);
    fs.rmSync(corrections);
  });

  it('noter à nouveau ne relance que ce qui est demandé (--only) et redonne le même carnet, octet pour octet', async () => {
    const r = await grade(classDir, '--only', 'bloque', '--jobs', '2');
    expect(r.stderr).toContain('1 copie à noter (6 déjà notées, non relancées).');
    expect(fs.readFileSync(path.join(out, 'notes.csv'), 'utf8')).toBe(EXPECTED.join('\r\n') + '\r\n');
    expect(r.code).toBe(1);
  });
});

describe('la même classe téléchargée de Moodle', () => {
  const results: Record<string, Awaited<ReturnType<typeof grade>>> = {};
  const variants = [
    { name: 'nommée-4.1-en', anonymous: false, before41: false, language: 'en' as const },
    { name: 'anonyme-avant-4.1-fr', anonymous: true, before41: true, language: 'fr' as const },
  ];

  beforeAll(async () => {
    for (const v of variants) {
      const dir = path.join(work, v.name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'TP-Reseau-4242.zip'), buildMoodleZip(classDir, v));
      fs.writeFileSync(path.join(dir, 'feuille.csv'), buildWorksheet(v.language, v.anonymous));
      // The records are keyed by content: those of the folder class serve the Moodle class too.
      fs.cpSync(path.join(out, 'verdicts'), path.join(dir, 'notes', 'verdicts'), { recursive: true });
      results[v.name] = await grade(path.join(dir, 'TP-Reseau-4242.zip'), '--moodle-worksheet', path.join(dir, 'feuille.csv'));
    }
  }, 120_000);

  it.each(variants)('$name : lu en place, rien relancé, moodle.csv rempli dans la langue et la virgule de la feuille', (v) => {
    const r = results[v.name];
    expect(r.stderr).toContain('0 copie à noter (7 déjà notées, non relancées).');
    expect(r.stdout).toContain('7 notes inscrites dans la feuille d\'évaluation.');
    const dir = path.join(work, v.name);
    const before = fs.readFileSync(path.join(dir, 'feuille.csv'), 'utf8');
    const after = fs.readFileSync(path.join(dir, 'notes', 'moodle.csv'), 'utf8');
    expect(after.startsWith('\ufeff')).toBe(true);
    const [b, a] = [parseCsv(before).rows, parseCsv(after).rows];
    expect(a.map((row) => row.length)).toEqual(b.map((row) => row.length));
    expect(a[0].map((c) => c.raw)).toEqual(b[0].map((c) => c.raw)); // headers and order kept
    const grade = (participant: string) => a.find((row) => row[0].value.endsWith(participant))!;
    const comma = v.language === 'fr';
    const [gradeCol, feedbackCol] = v.anonymous ? [2, 7] : [4, 9];
    const expected: Record<string, string> = { '100001': '20.00', '100002': '4.00', '100007': '2.50', '100006': '0.00', '100008': '', '100009': '' };
    for (const [participant, value] of Object.entries(expected)) expect(grade(participant)[gradeCol].value).toBe(comma ? value.replace('.', ',') : value);
    expect(grade('100001')[feedbackCol].value).toMatch(/^Note\u00a0: 20\/20 \(Partie I 4\/4, Partie II 6\/6, Partie III 5\/5, Partie IV 5\/5\)\. Détail test par test dans le fichier retour\.md\. Corrigé par tp-micro-service/);
    expect(grade('100009')[feedbackCol].value).toBe(''); // handed in nothing: left as it was
    // Every cell we did not fill is byte for byte what Moodle wrote.
    for (let i = 0; i < b.length; i++) for (let j = 0; j < b[i].length; j++) if (j !== gradeCol && j !== feedbackCol) expect(a[i][j].raw).toBe(b[i][j].raw);
    // The gradebook has everyone, the absent student too, under Moodle's numbers and names.
    const csv = fs.readFileSync(path.join(dir, 'notes', 'notes.csv'), 'utf8');
    const who = v.anonymous ? 'Participant' : 'Laurent Emma';
    expect(csv).toContain(`\r\n100009,${who},,,,,,absent,rien de remis\r\n`);
    expect(csv).toContain(`\r\n100001,${v.anonymous ? 'Participant' : 'Dupont Jean'},4,6,5,5,20,noté,\r\n`);
  });

  it.each(variants)('$name : retours.zip range chaque retour dans le dossier que Moodle a nommé', async (v) => {
    const zip = path.join(work, v.name, 'notes', 'retours.zip');
    const names: string[] = [];
    const contents = new Map<string, string>();
    const file = await yauzl.openPromise(zip);
    for await (const entry of file.eachEntry()) {
      names.push(entry.fileName);
      const chunks: Buffer[] = [];
      for await (const c of await file.openReadStreamPromise(entry)) chunks.push(c as Buffer);
      contents.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
    }
    file.close();
    const who = (name: string) => (v.anonymous ? 'Participant' : name);
    const expected = MOODLE_STUDENTS.filter((s) => s.id !== 'vide').map((s) =>
      s.id === 'archive' ? `${who(s.name)}_${s.participant}_assignsubmission_file/retour.md` : `${who(s.name)}_${s.participant}_assignsubmission_file${v.before41 ? '_' : ''}/retour.md`,
    );
    expect([...names].sort()).toEqual([...expected].sort());
    const dupont = contents.get(expected[0])!; // MOODLE_STUDENTS[0] is Dupont Jean, 20/20
    expect(dupont).toContain(`**Note${NB}: 20/20**`);
    expect(dupont).toBe(fs.readFileSync(path.join(work, v.name, 'notes', 'retours', '100001.md'), 'utf8'));
  });
});
