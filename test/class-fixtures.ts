// A class of hand-ins built at test time from solutions/ and exercises/ (and small edits), never
// committed: the folder a teacher would have, the same class as Moodle's download zip, and
// Moodle's grading worksheet in English and in French. Most parts are untouched or absent, so
// that grading the class stays short; one copy is complete.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { craftTar, craftZip, type ZipEntrySpec } from './craft-archives';

const ROOT = path.join(__dirname, '..');

function copyPart(from: 'solutions' | 'exercises', part: number, to: string): void {
  fs.cpSync(path.join(ROOT, from, `partie-${part}`), to, { recursive: true });
}

function edit(file: string, search: string, replace: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(search)) throw new Error(`${file}: "${search}" not found`);
  fs.writeFileSync(file, text.replace(search, replace));
}

/** Every file under `dir` as zip entries under `prefix` (deflated). */
function entriesOf(dir: string, prefix: string): ZipEntrySpec[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => ({ name: `${prefix}${f.split(path.sep).join('/')}`, data: fs.readFileSync(path.join(dir, f)), deflate: true, utf8Flag: true }));
}

export const CLASS_IDS = ['archive', 'bloque', 'compile-pas', 'complet', 'depot', 'illisible', 'partiel', 'sans-partie-3', 'vide'] as const;

/**
 * The class folder: one folder (or archive) per student.
 * - complet: solutions/, every part (20/20)
 * - partiel: Partie I done, the others untouched
 * - sans-partie-3: Partie II done, no partie-3 at all
 * - depot: the repository root (package.json, node_modules/, exercises/), Partie I done
 * - archive: rendu.zip holding a .tar.gz of the repository, Partie I done
 * - compile-pas: Partie I with a syntax error
 * - bloque: Partie I whose server never answers (each test bounded by the harness)
 * - vide: an empty folder (nothing handed in)
 * - illisible.rar: a format the grader does not read
 */
export function buildClassFolder(dir: string, only?: readonly string[]): void {
  const want = (id: string) => !only || only.includes(id);
  fs.mkdirSync(dir, { recursive: true });
  if (want('complet')) for (const p of [1, 2, 3, 4]) copyPart('solutions', p, path.join(dir, 'complet', `partie-${p}`));
  if (want('partiel')) {
    copyPart('solutions', 1, path.join(dir, 'partiel', 'partie-1'));
    for (const p of [2, 3, 4]) copyPart('exercises', p, path.join(dir, 'partiel', `partie-${p}`));
  }
  if (want('sans-partie-3')) {
    copyPart('exercises', 1, path.join(dir, 'sans-partie-3', 'partie-1'));
    copyPart('solutions', 2, path.join(dir, 'sans-partie-3', 'partie-2'));
    copyPart('exercises', 4, path.join(dir, 'sans-partie-3', 'partie-4'));
  }
  if (want('depot')) {
    const repo = path.join(dir, 'depot', 'tp-micro-service');
    fs.mkdirSync(repo, { recursive: true });
    fs.writeFileSync(path.join(repo, 'package.json'), '{ "name": "tp-micro-service" }\n');
    // A dependency folder that would crash if it were taken for a part: it must be ignored.
    fs.mkdirSync(path.join(repo, 'node_modules', 'paquet', 'partie-2'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'node_modules', 'paquet', 'partie-2', 'serveur.ts'), 'throw new Error("node_modules lu")\n');
    copyPart('solutions', 1, path.join(repo, 'exercises', 'partie-1'));
    edit(path.join(repo, 'exercises', 'partie-1', 'serveur.ts'), "const HOTE = '127.0.0.1';", "const HOTE = '127.0.0.1'; // rendu depuis le dépôt");
    for (const p of [2, 3, 4]) copyPart('exercises', p, path.join(repo, 'exercises', `partie-${p}`));
  }
  if (want('archive')) {
    const tmp = fs.mkdtempSync(path.join(dir, '.construction-'));
    copyPart('solutions', 1, path.join(tmp, 'partie-1'));
    const files = (fs.readdirSync(path.join(tmp, 'partie-1')) as string[]).sort();
    const tar = craftTar(files.map((f) => ({ name: `tp-micro-service/exercises/partie-1/${f}`, data: fs.readFileSync(path.join(tmp, 'partie-1', f)) })), true);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'archive'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'archive', 'rendu.zip'), craftZip([{ name: 'tp/depot.tar.gz', data: tar, deflate: true }]));
  }
  if (want('compile-pas')) {
    copyPart('solutions', 1, path.join(dir, 'compile-pas', 'partie-1'));
    edit(path.join(dir, 'compile-pas', 'partie-1', 'serveur.ts'), "socket.end(texte.toUpperCase() + '\\n');", "socket.end(texte.toUpperCase() + '\\n';");
  }
  if (want('bloque')) {
    copyPart('solutions', 1, path.join(dir, 'bloque', 'partie-1'));
    edit(path.join(dir, 'bloque', 'partie-1', 'serveur.ts'), "socket.end(texte.toUpperCase() + '\\n');", '// Ne répond jamais : le client attend pour toujours.');
  }
  if (want('vide')) fs.mkdirSync(path.join(dir, 'vide'), { recursive: true });
  if (want('illisible')) fs.writeFileSync(path.join(dir, 'illisible.rar'), Buffer.from('Rar!\x1a\x07\x01\x00 archive rar', 'latin1'));
}

/** Who is who in Moodle: the same students, with Moodle's per-assignment numbers. */
export const MOODLE_STUDENTS: Array<{ id: (typeof CLASS_IDS)[number]; participant: string; name: string }> = [
  { id: 'complet', participant: '100001', name: 'Dupont Jean' },
  { id: 'partiel', participant: '100002', name: 'Martin Léa' },
  { id: 'sans-partie-3', participant: '100003', name: 'Bernard Chloé' },
  { id: 'depot', participant: '100004', name: 'Petit Hugo' },
  { id: 'archive', participant: '100005', name: 'Durand Zoé' },
  { id: 'compile-pas', participant: '100006', name: 'Leroy Théo' },
  { id: 'bloque', participant: '100007', name: 'Moreau Inès' },
  { id: 'illisible', participant: '100008', name: 'Simon Noah' },
  { id: 'vide', participant: '100009', name: 'Laurent Emma' },
];

/**
 * Moodle's "download all submissions" of that class, from the class folder: folders named
 * `Nom Prénom_12345_assignsubmission_file` (Moodle 4.1 and later) or with a trailing `_`
 * (before), `Participant_12345_…` under anonymous marking; Durand Zoé's archive in the flat
 * layout of "download without folders"; Laurent Emma handed in nothing (not in the zip).
 */
export function buildMoodleZip(classDir: string, options: { anonymous: boolean; before41: boolean }): Buffer {
  const entries: ZipEntrySpec[] = [];
  for (const s of MOODLE_STUDENTS) {
    const who = options.anonymous ? 'Participant' : s.name;
    const folder = `${who}_${s.participant}_assignsubmission_file${options.before41 ? '_' : ''}`;
    if (s.id === 'vide') continue;
    if (s.id === 'illisible') {
      entries.push({ name: `${folder}/illisible.rar`, data: fs.readFileSync(path.join(classDir, 'illisible.rar')), utf8Flag: true });
    } else if (s.id === 'archive') {
      entries.push({ name: `${who}_${s.participant}_assignsubmission_file_rendu.zip`, data: fs.readFileSync(path.join(classDir, 'archive', 'rendu.zip')), utf8Flag: true });
    } else {
      entries.push(...entriesOf(path.join(classDir, s.id), `${folder}/`));
    }
    if (s.id === 'partiel') entries.push({ name: `${who}_${s.participant}_assignsubmission_onlinetext${options.before41 ? '_' : ''}/onlinetext.html`, data: '<p>Voir le dépôt.</p>', utf8Flag: true });
  }
  return craftZip(entries);
}

/**
 * Moodle's grading worksheet (« feuille d'évaluation »), as exported, before grading. Under
 * anonymous marking it has no name or e-mail columns (mod/assign/gradingtable.php).
 */
export function buildWorksheet(language: 'en' | 'fr', anonymous = false): string {
  const header =
    language === 'en'
      ? ['Identifier', 'Full name', 'Email address', 'Status', 'Grade', 'Maximum grade', 'Grade can be changed', 'Last modified (submission)', 'Last modified (grade)', 'Feedback comments']
      : ['Identifiant', 'Nom complet', 'Adresse de courriel', 'Statut', 'Note', 'Note maximale', 'La note peut être modifiée', 'Dernière modification (travail remis)', 'Dernière modification (note)', 'Commentaires de feedback'];
  const rows = MOODLE_STUDENTS.map((s) => [
    language === 'en' ? `Participant ${s.participant}` : `Participant${s.participant}`,
    s.name,
    `${s.name.toLowerCase().replace(/ /g, '.').normalize('NFD').replace(/[\u0300-\u036f]/g, '')}@etu.example.fr`,
    s.id === 'vide' ? (language === 'en' ? 'No submission' : 'Aucun devoir') : language === 'en' ? 'Submitted for grading' : 'Remis pour évaluation',
    '',
    language === 'en' ? '20.00' : '20,00',
    language === 'en' ? 'Yes' : 'Oui',
    s.id === 'vide' ? '-' : language === 'en' ? 'Monday, 2 June 2025, 10:15 AM' : 'lundi 2 juin 2025, 10:15',
    '-',
    '',
  ]);
  const keep = (row: string[]) => (anonymous ? row.filter((_, i) => i !== 1 && i !== 2) : row);
  // Moodle's CSV writer puts a BOM first and quotes fields holding a space or a comma.
  const quote = (v: string) => (/[ ,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\ufeff' + [header, ...rows].map((r) => keep(r).map(quote).join(',')).join('\n') + '\n';
}

const NB = '\u00a0';
const ABSENT_2_3_4 = 'partie 2, partie 3, partie 4 absentes';
/** The gradebook this class must get: one row per student, sorted by name. */
export const EXPECTED_GRADEBOOK = [
  'identifiant,nom,partie 1 (/4),partie 2 (/6),partie 3 (/5),partie 4 (/5),total (/20),statut,remarque',
  `archive,archive,4,0,0,0,4,noté,"${ABSENT_2_3_4}"`,
  `bloque,bloque,2.5,0,0,0,2.5,noté,"${ABSENT_2_3_4}"`,
  `compile-pas,compile-pas,0,0,0,0,0,ne compile pas,"partie 1 ne compile pas${NB}; ${ABSENT_2_3_4}"`,
  'complet,complet,4,6,5,5,20,noté,',
  'depot,depot,4,0,0,0,4,noté,',
  `illisible,illisible,,,,,,non noté (archive .rar non lue («${NB}illisible.rar${NB}»)${NB}: déposez une archive .zip ou .tar.gz),`,
  'partiel,partiel,4,0,0,0,4,noté,',
  'sans-partie-3,sans-partie-3,0,6,0,0,6,noté,partie 3 absente',
  `vide,vide,,,,,,absent,rien de remis`,
];
