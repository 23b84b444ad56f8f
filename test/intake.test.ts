// Reading what teachers download: a copy or a class told apart by the README's rule, parts found
// wherever they sit (repository root, archives inside archives), Moodle's folder names (named,
// anonymous, before and after 4.1, flat); and hostile archives — a zip-slip path, a zip bomb, a
// link out of the copy, names in CP850, a format not read — each get one French sentence and
// write nothing outside the copy's own temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

// Every temporary folder of this file lives here, so that "nothing written elsewhere" can be checked.
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-intake-test-'));
const tmpdir = path.join(sandbox, 'tmp');
fs.mkdirSync(tmpdir);
process.env.TMPDIR = tmpdir;

import { readHandIns, type Submission } from '../grader/intake/hand-ins';
import { removeWorkspaces } from '../grader/intake/workspace';
import { GradingError } from '../grader/scoring';
import { cp850, craftTar, craftZip } from './craft-archives';

const ROOT = path.join(__dirname, '..');
const classes = path.join(sandbox, 'classes');
fs.mkdirSync(classes);

afterAll(() => {
  removeWorkspaces();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

function put(file: string, content: string | Buffer = ''): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function part(dir: string, n: number, from: 'solutions' | 'exercises' = 'exercises'): void {
  fs.cpSync(path.join(ROOT, from, `partie-${n}`), dir, { recursive: true });
}

const byId = (subs: Submission[], id: string) => {
  const s = subs.find((x) => x.id === id);
  if (!s) throw new Error(`pas de copie ${id} parmi ${subs.map((x) => x.id).join(', ')}`);
  return s;
};

/** Every file under `dir` (relative paths), links included. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => !fs.lstatSync(path.join(dir, f)).isDirectory());
}

describe('copie ou classe : la règle du README', () => {
  it('partie-N/ ou exercises/partie-N/ dans le dossier (après un dossier seul) : une copie', async () => {
    const repo = path.join(classes, 'depot', 'tp-micro-service');
    part(path.join(repo, 'exercises', 'partie-1'), 1);
    put(path.join(repo, 'package.json'), '{}');
    put(path.join(repo, 'node_modules', 'partie-2', 'serveur.ts'), 'throw 1');
    const read = await readHandIns([path.join(classes, 'depot')]);
    expect(read.singleCopy).toBe(true);
    const [s] = read.submissions;
    expect(s.state).toBe('gradable');
    expect(s.partSources).toEqual({ 1: 'tp-micro-service/exercises/partie-1' });
    expect(s.copy!.absent![2]).toMatch(/^Fichier absent\u00a0: aucun dossier partie-2\/ dans la copie\. Cherché\u00a0: partie-2\/ et exercises\/partie-2\//);
  });

  it('plusieurs dossiers ou archives : une classe, une copie chacun ; --copie force une seule copie', async () => {
    const dir = path.join(classes, 'simple');
    part(path.join(dir, 'alice', 'partie-1'), 1);
    part(path.join(dir, 'bob', 'TP', 'partie-2'), 2);
    fs.mkdirSync(path.join(dir, 'vide'));
    put(path.join(dir, 'notes-prof.txt'), 'à ignorer');
    const read = await readHandIns([dir]);
    expect(read.singleCopy).toBe(false);
    expect(read.submissions.map((s) => [s.id, s.state])).toEqual([['alice', 'gradable'], ['bob', 'gradable'], ['vide', 'empty']]);
    expect(read.warnings).toEqual([`${path.join(dir, 'notes-prof.txt')}\u00a0: ni un dossier ni une archive, ignoré.`]);
    const forced = await readHandIns([dir], 'copie');
    expect(forced.singleCopy).toBe(true);
    expect(Object.keys(forced.submissions[0].copy!.parts)).toEqual(['1', '2']);
    expect(forced.submissions[0].notes).toEqual([]);
  });

  it('le zip d\'un dossier de clones git (GitHub Classroom) : une classe, .git ignoré', async () => {
    const clone = (who: string) => [
      { name: `clones/tp-micro-service-${who}/.git/HEAD`, data: 'ref: refs/heads/main\n' },
      { name: `clones/tp-micro-service-${who}/package.json`, data: '{}' },
      { name: `clones/tp-micro-service-${who}/exercises/partie-1/serveur.ts`, data: `// ${who}\n` },
    ];
    const zip = put(path.join(classes, 'clones.zip'), craftZip([...clone('alice'), ...clone('bob')]));
    const read = await readHandIns([zip]);
    expect(read.singleCopy).toBe(false);
    expect(read.submissions.map((s) => [s.id, s.partSources])).toEqual([
      ['tp-micro-service-alice', { 1: 'tp-micro-service-alice/exercises/partie-1' }],
      ['tp-micro-service-bob', { 1: 'tp-micro-service-bob/exercises/partie-1' }],
    ]);
    expect(read.submissions[0].contentHash).not.toBe(read.submissions[1].contentHash);
  });

  it('plusieurs dossiers partie-2 : celui de exercises/ est noté, et le retour le dit', async () => {
    const dir = path.join(classes, 'doublons');
    part(path.join(dir, 'tp', 'exercises', 'partie-2'), 2);
    part(path.join(dir, 'tp', 'vieux', 'partie-2'), 2);
    const [s] = (await readHandIns([dir])).submissions;
    expect(s.partSources![2]).toBe('tp/exercises/partie-2');
    expect(s.notes).toEqual(['Plusieurs dossiers partie-2/ dans la copie\u00a0: noté tp/exercises/partie-2/, ignoré tp/vieux/partie-2/.']);
  });

  it('la même copie donnée deux fois est lue une fois ; un chemin introuvable est une ligne en français', async () => {
    const dir = path.join(classes, 'depot');
    const read = await readHandIns([dir, dir]);
    expect(read.submissions).toHaveLength(1);
    expect(read.warnings).toEqual([`${dir} est donné deux fois\u00a0: noté une seule fois.`]);
    await expect(readHandIns([path.join(classes, 'nulle-part')])).rejects.toThrow(new GradingError(`dossier ou archive introuvable\u00a0: ${path.join(classes, 'nulle-part')}`));
  });
});

describe('les dossiers de Moodle', () => {
  it('nommés (Moodle 4.1 et plus, avant 4.1 avec « _ » final) et à plat : identifiant, nom, dossier de retour', async () => {
    const dir = path.join(classes, 'moodle');
    part(path.join(dir, 'Dupont Jean_100001_assignsubmission_file', 'partie-1'), 1);
    part(path.join(dir, 'Martin Léa_100002_assignsubmission_file_', 'tp', 'exercises', 'partie-2'), 2);
    put(path.join(dir, 'Martin Léa_100002_assignsubmission_onlinetext_', 'onlinetext.html'), '<p>voir le zip</p>');
    put(path.join(dir, 'Petit Zoé_100003_assignsubmission_file_rendu.zip'), craftZip([{ name: 'partie-3/serveur.ts', data: 'export {};\n' }]));
    const read = await readHandIns([dir]);
    expect(read.submissions.map((s) => [s.id, s.name, s.moodle?.folder, Object.keys(s.copy?.parts ?? {})])).toEqual([
      ['100001', 'Dupont Jean', 'Dupont Jean_100001_assignsubmission_file', ['1']],
      ['100002', 'Martin Léa', 'Martin Léa_100002_assignsubmission_file_', ['2']],
      ['100003', 'Petit Zoé', 'Petit Zoé_100003_assignsubmission_file', ['3']],
    ]);
  });

  it('anonymes (« Participant ») : le numéro identifie la copie', async () => {
    const dir = path.join(classes, 'anonyme');
    part(path.join(dir, 'Participant_200001_assignsubmission_file', 'partie-1'), 1);
    part(path.join(dir, 'Participant_200002_assignsubmission_file', 'partie-1'), 1);
    const read = await readHandIns([dir]);
    expect(read.submissions.map((s) => [s.id, s.name])).toEqual([['200001', 'Participant'], ['200002', 'Participant']]);
  });
});

describe('archives', () => {
  it('une archive dans une archive (zip › tar.gz › dépôt) est lue sans rien décompresser à la main', async () => {
    const inner = craftTar([{ name: 'tp-micro-service/exercises/partie-1/serveur.ts', data: 'export {};\n' }, { name: 'tp-micro-service/exercises/partie-1/client.ts', data: 'export {};\n' }], true);
    const zip = put(path.join(classes, 'imbrique', 'eve.zip'), craftZip([{ name: 'rendu/depot.tar.gz', data: inner, deflate: true }]));
    put(path.join(classes, 'imbrique', 'alice', 'partie-1', 'serveur.ts'), 'export {};\n');
    const s = byId((await readHandIns([path.dirname(zip)])).submissions, 'eve');
    expect(s.state).toBe('gradable');
    expect(s.partSources).toEqual({ 1: 'eve.zip › rendu/depot.tar.gz › tp-micro-service/exercises/partie-1' });
    expect(fs.readdirSync(s.copy!.parts[1]!).sort()).toEqual(['client.ts', 'serveur.ts']);
  });

  it('noms de fichiers en CP850 (zip de Windows, sans UTF-8) : lus correctement, et le retour le dit', async () => {
    const zip = put(
      path.join(classes, 'windows', 'lea.zip'),
      craftZip([
        { name: Buffer.concat([cp850('À rendre/Réseau/partie-1/'), Buffer.from('serveur.ts')]), data: 'export {};\n' },
        { name: Buffer.from('lisez-moi.txt'), data: 'x' },
      ]),
    );
    put(path.join(classes, 'windows', 'alice', 'partie-1', 'serveur.ts'), 'export {};\n');
    const s = byId((await readHandIns([path.dirname(zip)])).submissions, 'lea');
    expect(s.partSources).toEqual({ 1: 'lea.zip › À rendre/Réseau/partie-1' });
    expect(s.notes).toContain('Noms de fichiers de l\'archive lus en CP850 (archive créée sous Windows, sans UTF-8).');
  });

  describe('archives hostiles : une phrase en français, rien d\'écrit hors du dossier de la copie', () => {
    const dir = path.join(classes, 'hostiles');
    const bomb = Buffer.alloc(60 * 1024 * 1024);
    let read: Submission[];
    let took: number;

    beforeAll(async () => {
      const good = (name: string) => ({ name, data: 'export {};\n' });
      put(path.join(dir, 'zipslip.zip'), craftZip([good('partie-1/serveur.ts'), { name: '../../../../zipslip-evade.txt', data: 'pwned' }]));
      put(path.join(dir, 'absolu.zip'), craftZip([good('partie-1/serveur.ts'), { name: '/tmp/absolu-evade.txt', data: 'pwned' }]));
      put(path.join(dir, 'bombe.zip'), craftZip([good('partie-1/serveur.ts'), { name: 'partie-1/zeros.bin', data: bomb, deflate: true }]));
      put(path.join(dir, 'bombe-cachee.zip'), craftZip([good('partie-1/serveur.ts'), { name: 'partie-1/zeros.bin', data: bomb, deflate: true, declaredSize: 1024 }]));
      put(path.join(dir, 'lien.zip'), craftZip([good('partie-1/serveur.ts'), { name: 'partie-1/client.ts', data: '../../../../../etc/passwd', symlink: true }]));
      put(path.join(dir, 'lien-dedans.zip'), craftZip([good('partie-1/serveur.ts'), { name: 'partie-1/copie.ts', data: 'serveur.ts', symlink: true }]));
      put(path.join(dir, 'chiffre.zip'), craftZip([{ ...good('partie-1/serveur.ts'), encrypted: true }]));
      put(path.join(dir, 'slip.tar'), craftTar([good('partie-1/serveur.ts'), { name: '../../tarslip-evade.txt', data: 'pwned' }]));
      put(path.join(dir, 'lien-tar.tar.gz'), craftTar([good('partie-1/serveur.ts'), { name: 'partie-1/client.ts', type: '2', linkname: '/etc/passwd' }], true));
      put(path.join(dir, 'bombe-tar.tar.gz'), craftTar([good('partie-1/serveur.ts'), { name: 'partie-1/zeros.bin', data: bomb }], true));
      put(path.join(dir, 'rendu.rar'), Buffer.from('Rar!\x1a\x07\x01\x00 pas lu', 'latin1'));
      put(path.join(dir, 'sept', 'rendu.7z'), Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]));
      const started = performance.now();
      read = (await readHandIns([dir])).submissions;
      took = performance.now() - started;
    });

    const reason = (id: string) => {
      const s = byId(read, id);
      expect(s.state).toBe('refused');
      return s.reason!;
    };

    it('un chemin qui sort de la copie (zip-slip, chemin absolu) : refusée', () => {
      expect(reason('zipslip')).toBe('archive refusée\u00a0: le chemin «\u00a0../../../../zipslip-evade.txt\u00a0» sort du dossier de la copie (zip-slip)');
      expect(reason('absolu')).toMatch(/^archive refusée\u00a0: le chemin «\u00a0\/tmp\/absolu-evade.txt\u00a0» sort du dossier de la copie/);
      expect(reason('slip')).toBe('archive refusée\u00a0: le chemin «\u00a0../../tarslip-evade.txt\u00a0» sort du dossier de la copie (zip-slip)');
    });

    it('une bombe de décompression : arrêtée à 50 Mo, vite, même si elle ment sur sa taille', () => {
      expect(reason('bombe')).toBe('archive trop volumineuse\u00a0: plus de 50\u00a0Mo une fois décompressée (bombe de décompression\u00a0?)');
      expect(reason('bombe-cachee')).toMatch(/^archive zip abîmée \(données incohérentes/);
      expect(took).toBeLessThan(20_000);
    });

    it('une bombe .tar.gz : arrêtée au même budget', () => {
      expect(reason('bombe-tar')).toBe('archive trop volumineuse\u00a0: plus de 50\u00a0Mo une fois décompressée (bombe de décompression\u00a0?)');
    });

    it('un lien symbolique vers l\'extérieur : refusée ; un lien interne est seulement ignoré', () => {
      expect(reason('lien')).toBe('archive refusée\u00a0: le lien symbolique «\u00a0partie-1/client.ts\u00a0» pointe hors de la copie (vers «\u00a0../../../../../etc/passwd\u00a0»)');
      expect(reason('lien-tar')).toBe('archive refusée\u00a0: le lien symbolique «\u00a0partie-1/client.ts\u00a0» pointe hors de la copie (vers «\u00a0/etc/passwd\u00a0»)');
      const inside = byId(read, 'lien-dedans');
      expect(inside.state).toBe('gradable');
      expect(inside.notes).toEqual(['Liens symboliques ignorés\u00a0: lien-dedans.zip › partie-1/copie.ts.']);
    });

    it('une archive chiffrée, un .rar, un .7z : refusés, en disant quoi déposer', () => {
      expect(reason('chiffre')).toBe('archive protégée par un mot de passe («\u00a0partie-1/serveur.ts\u00a0»)\u00a0: elle ne peut pas être lue');
      expect(reason('rendu')).toBe('archive .rar non lue («\u00a0rendu.rar\u00a0»)\u00a0: déposez une archive .zip ou .tar.gz');
      expect(reason('sept')).toBe('archive .7z non lue («\u00a0rendu.7z\u00a0»)\u00a0: déposez une archive .zip ou .tar.gz');
    });

    it('rien n\'a été écrit hors des dossiers des copies, ni lien créé', () => {
      const outside = filesUnder(sandbox).filter((f) => !f.startsWith('classes/') && !/^tmp\/tp-micro-intake-[^/]+\/\d{4}-[^/]+\//.test(f));
      expect(outside).toEqual([]);
      expect(filesUnder(classes).some((f) => /evade/.test(f))).toBe(false);
      expect(filesUnder(tmpdir).filter((f) => fs.lstatSync(path.join(tmpdir, f)).isSymbolicLink())).toEqual([]);
      expect(fs.existsSync('/tmp/absolu-evade.txt')).toBe(false);
    });
  });
});
