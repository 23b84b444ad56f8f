// Reading what a teacher has: folders and archives given on the command line, each one copy or a
// whole class, told apart by the rule below (the README states it for teachers):
//   1. `--copie` or `--classe` decide.
//   2. A Moodle download (names `Nom Prénom_12345_assignsubmission_file…`) is a class.
//   3. A folder or archive is one copy when, after stepping into its only folder as often as it
//      has nothing else, it holds `partie-N/` or `exercises/partie-N/`.
//   4. Otherwise, when it holds several folders or archives, it is a class: each is one
//      student's hand-in.
//   5. Otherwise it is one copy, whose parts are looked for deeper.
// Each student's hand-in becomes a Submission: its parts staged in a folder of its own, or the
// reason it is not graded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GradingError } from '../scoring';
import type { Copy } from '../grading/copy';
import { recognise, unpackArchive, type ArchiveKind } from './archive';
import { Budget } from './budget';
import { shown } from './entry-path';
import { SKIPPED_FOLDERS } from './limits';
import { feedbackFolder, parseMoodleName, type MoodleName } from './moodle';
import { findParts, linksNote, stageParts } from './parts';
import { Refused } from './refusal';
import { newWorkspace } from './workspace';
import { listZip, newSink, unpackZip, type ZipSink } from './zip';

export interface Submission {
  /** Stable and usable as a file name: Moodle's participant number, or the folder's name. */
  id: string;
  /** The name as found: "Nom Prénom", "Participant", the folder's name. */
  name: string;
  /** For a Moodle hand-in: the participant number and the folder its feedback goes back into. */
  moodle?: { participant: string; folder: string };
  /** What was read, as the teacher would name it. */
  source: string;
  /** gradable: its parts are staged; empty: nothing handed in; refused: not graded (see reason). */
  state: 'gradable' | 'empty' | 'refused';
  reason?: string;
  /** French remarks for the feedback: what was chosen, what was ignored. */
  notes: string[];
  copy?: Copy;
  contentHash?: string;
  /** Where each part was found inside the hand-in. */
  partSources?: Partial<Record<number, string>>;
}

export type Mode = 'auto' | 'classe' | 'copie';

export interface HandIns {
  submissions: Submission[];
  /** True when a single path was given and read as one copy (the terminal then shows its report). */
  singleCopy: boolean;
  /** Lines for the teacher: paths given twice, files of a class folder that are no hand-in. */
  warnings: string[];
}

/** Reads every path. A path that cannot be read at all is a GradingError (one French line). */
export async function readHandIns(paths: string[], mode: Mode = 'auto', exclude: string[] = []): Promise<HandIns> {
  const seen = new Set<string>();
  const warnings: string[] = [];
  const submissions: Submission[] = [];
  let copies = 0;
  let classes = 0;
  const excluded = new Set(exclude.map((p) => realPath(p) ?? path.resolve(p)));
  for (const given of paths) {
    const real = realPath(given);
    if (real === undefined) throw new GradingError(`dossier ou archive introuvable\u00a0: ${given}`);
    if (seen.has(real)) {
      warnings.push(`${given} est donné deux fois\u00a0: noté une seule fois.`);
      continue;
    }
    seen.add(real);
    const read = await readPath(given, real, mode, paths.length === 1, excluded, warnings);
    if (read.kind === 'class') classes++;
    else copies++;
    submissions.push(...read.submissions);
  }
  uniqueIds(submissions);
  return { submissions, singleCopy: classes === 0 && copies === 1, warnings };
}

interface Read {
  kind: 'copy' | 'class';
  submissions: Submission[];
}

async function readPath(given: string, real: string, mode: Mode, alone: boolean, excluded: Set<string>, warnings: string[]): Promise<Read> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    throw new GradingError(`dossier ou archive illisible\u00a0: ${given}`);
  }
  if (stat.isDirectory()) {
    try {
      fs.readdirSync(real);
    } catch {
      throw new GradingError(`dossier illisible\u00a0: ${given}`);
    }
    return readFolder(given, real, mode, alone, excluded, warnings);
  }
  if (!stat.isFile()) throw new GradingError(`ce n'est ni un dossier ni une archive\u00a0: ${given}`);
  const recognised = recognise(real);
  const label = baseLabel(given);
  if (!recognised) throw new GradingError(`ce n'est ni un dossier ni une archive (.zip, .tar.gz)\u00a0: ${given}`);
  if ('unread' in recognised) {
    if (alone) throw new GradingError(recognised.unread);
    return { kind: 'copy', submissions: [refused(label, label, given, recognised.unread)] };
  }
  if (recognised.kind === 'zip') return readZip(given, real, mode, alone);
  // A tar of a class is rare: unpack it whole (within one copy's budget), then read it as a folder.
  const work = newWorkspace(label);
  try {
    await unpackArchive(real, recognised.kind, work, new Budget());
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    if (alone) throw new GradingError(err.reason);
    return { kind: 'copy', submissions: [refused(label, label, given, err.reason)] };
  }
  return readFolder(given, work, mode, alone, excluded, warnings, `${given} › `);
}

// ---------------------------------------------------------------------------------------------
// Telling a class from a copy, on a tree that is a folder or an archive's list of names.

interface TreeNode {
  name: string;
  isDir: boolean;
  children(): TreeNode[];
}

function isJunk(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name) || name === 'Thumbs.db' || name === 'desktop.ini';
}

function visible(node: TreeNode): TreeNode[] {
  return node.children().filter((c) => !isJunk(c.name));
}

const PART_NAME = /^partie-\d+$/;

function holdsParts(node: TreeNode): boolean {
  return visible(node).some(
    (c) => c.isDir && (PART_NAME.test(c.name) || (c.name === 'exercises' && visible(c).some((g) => g.isDir && PART_NAME.test(g.name)))),
  );
}

/** Steps into a lone folder as long as there is nothing else; returns the path walked. */
function unwrap(node: TreeNode): { node: TreeNode; steps: string[] } {
  const steps: string[] = [];
  for (let depth = 0; depth < 8; depth++) {
    const kids = visible(node);
    if (kids.length !== 1 || !kids[0].isDir || holdsParts(node)) break;
    node = kids[0];
    steps.push(node.name);
  }
  return { node, steps };
}

type Shape = { kind: 'copy' } | { kind: 'class'; at: string[]; moodle: boolean };

function classify(root: TreeNode, mode: Mode): Shape {
  const moodleAt = (n: TreeNode) => visible(n).some((c) => parseMoodleName(c.name) !== undefined);
  if (mode === 'copie') return { kind: 'copy' };
  if (mode === 'classe') return { kind: 'class', at: [], moodle: moodleAt(root) };
  if (moodleAt(root)) return { kind: 'class', at: [], moodle: true };
  const { node, steps } = unwrap(root);
  if (holdsParts(node)) return { kind: 'copy' };
  if (moodleAt(node)) return { kind: 'class', at: steps, moodle: true };
  const handIns = visible(node).filter((c) => c.isDir || isArchiveName(c.name));
  if (handIns.length >= 2) return { kind: 'class', at: steps, moodle: false };
  return { kind: 'copy' };
}

function isArchiveName(name: string): boolean {
  return /\.(zip|tar|tgz|tar\.gz|rar|7z|xz|bz2)$/i.test(name);
}

function folderNode(dir: string, name = path.basename(dir)): TreeNode {
  let cached: TreeNode[] | undefined;
  return {
    name,
    isDir: true,
    children: () =>
      (cached ??= safeReaddir(dir).map((e) => (e.isDirectory() ? folderNode(path.join(dir, e.name), e.name) : { name: e.name, isDir: false, children: () => [] }))),
  };
}

function safeReaddir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isSymbolicLink()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** The tree of an archive's names (folders implied by the paths count as folders). */
function namesNode(names: string[]): TreeNode {
  interface Mutable {
    name: string;
    isDir: boolean;
    kids: Map<string, Mutable>;
  }
  const root: Mutable = { name: '', isDir: true, kids: new Map() };
  for (const name of names) {
    const segments = name.replace(/\\/g, '/').split('/');
    const isDir = name.endsWith('/');
    let node = root;
    segments.forEach((segment, i) => {
      if (segment === '' || segment === '.') return;
      const last = i === segments.length - 1;
      let kid = node.kids.get(segment);
      if (!kid) node.kids.set(segment, (kid = { name: segment, isDir: !last || isDir, kids: new Map() }));
      if (!last) kid.isDir = true;
      node = kid;
    });
  }
  const freeze = (m: Mutable): TreeNode => ({ name: m.name, isDir: m.isDir, children: () => [...m.kids.values()].map(freeze) });
  return freeze(root);
}

// ---------------------------------------------------------------------------------------------
// Folders.

async function readFolder(given: string, dir: string, mode: Mode, alone: boolean, excluded: Set<string>, warnings: string[], shownPrefix = ''): Promise<Read> {
  const shape = classify(folderNode(dir), mode);
  if (shape.kind === 'copy') {
    const label = baseLabel(given);
    const submission = await gradable({ label, name: label, source: given, roots: [{ dir }] });
    if (alone) refuseAlone(given, submission);
    return { kind: 'copy', submissions: [submission] };
  }
  const classDir = path.join(dir, ...shape.at);
  const shownDir = shownPrefix ? `${shownPrefix}${shape.at.join('/')}` : path.join(given, ...shape.at);
  const entries = safeReaddir(classDir).filter((e) => !isJunk(e.name) && !excluded.has(path.join(classDir, e.name)));
  const submissions: Submission[] = [];
  if (shape.moodle) {
    const groups = new Map<string, { moodle: MoodleName; roots: Root[]; folder?: string }>();
    for (const entry of entries) {
      const moodle = parseMoodleName(entry.name);
      if (!moodle) {
        warnings.push(`${path.join(shownDir, entry.name)}\u00a0: pas un dépôt Moodle, ignoré.`);
        continue;
      }
      const group = groups.get(moodle.participant) ?? { moodle, roots: [] };
      groups.set(moodle.participant, group);
      const full = path.join(classDir, entry.name);
      if (entry.isDirectory()) {
        group.roots.push({ dir: full });
        if (moodle.plugin === 'file') group.folder = entry.name;
      } else {
        group.roots.push({ file: full, shownName: moodle.rest || entry.name });
      }
    }
    for (const group of groups.values()) {
      submissions.push(
        await gradable({
          label: group.moodle.participant,
          name: group.moodle.name,
          source: path.join(shownDir, group.folder ?? group.moodle.prefix),
          roots: group.roots,
          moodle: { participant: group.moodle.participant, folder: group.folder ?? feedbackFolder(group.moodle.name, group.moodle.participant) },
        }),
      );
    }
  } else {
    for (const entry of entries) {
      const full = path.join(classDir, entry.name);
      if (entry.isDirectory()) {
        submissions.push(await gradable({ label: entry.name, name: entry.name, source: path.join(shownDir, entry.name), roots: [{ dir: full }] }));
      } else if (isArchiveName(entry.name)) {
        const label = baseLabel(entry.name);
        submissions.push(await gradable({ label, name: label, source: path.join(shownDir, entry.name), roots: [{ file: full, shownName: entry.name }] }));
      } else {
        warnings.push(`${path.join(shownDir, entry.name)}\u00a0: ni un dossier ni une archive, ignoré.`);
      }
    }
  }
  return { kind: 'class', submissions };
}

// ---------------------------------------------------------------------------------------------
// Zip archives: a copy, a class, or Moodle's download, read in place (never unzipped by hand).

async function readZip(given: string, file: string, mode: Mode, alone: boolean): Promise<Read> {
  let names: string[];
  try {
    names = await listZip(file);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    if (alone) throw new GradingError(err.reason);
    return { kind: 'copy', submissions: [refused(baseLabel(given), baseLabel(given), given, err.reason)] };
  }
  const shape = classify(namesNode(names), mode);
  if (shape.kind === 'copy') {
    const label = baseLabel(given);
    const submission = await gradable({ label, name: label, source: given, roots: [{ file, shownName: path.basename(given) }] });
    if (alone) refuseAlone(given, submission);
    return { kind: 'copy', submissions: [submission] };
  }
  // One pass over the class archive: each entry goes to its student's own folder and budget.
  const prefix = shape.at.length > 0 ? `${shape.at.join('/')}/` : '';
  interface Student {
    key: string;
    name: string;
    moodle?: MoodleName;
    folder?: string;
    sink: ZipSink;
    flatFiles: string[];
  }
  const students = new Map<string, Student>();
  const studentOf = (top: string, isFolder: boolean): Student | undefined => {
    if (isJunk(top)) return undefined;
    const moodle = shape.moodle ? parseMoodleName(top) : undefined;
    if (shape.moodle && !moodle) return undefined;
    const key = moodle?.participant ?? top;
    let student = students.get(key);
    if (!student) {
      const label = moodle?.participant ?? (isFolder ? top : baseLabel(top));
      student = { key, name: moodle?.name ?? label, moodle, sink: newSink(newWorkspace(label), new Budget()), flatFiles: [] };
      students.set(key, student);
    }
    if (moodle && isFolder && moodle.plugin === 'file') student.folder = top;
    return student;
  };
  try {
    await unpackZip(file, (name) => {
      const unix = name.replace(/\\/g, '/');
      if (!unix.startsWith(prefix)) return undefined;
      const inside = unix.slice(prefix.length);
      const slash = inside.indexOf('/');
      const top = slash < 0 ? inside : inside.slice(0, slash);
      if (top === '') return undefined;
      const isFolder = slash >= 0;
      const student = studentOf(top, isFolder);
      if (!student) return undefined;
      if (isFolder) return { sink: student.sink, rel: `download/${top}/${inside.slice(slash + 1)}` };
      // A file at the top: Moodle's flat layout (prefix_rapport.zip) or a student's archive.
      const shownName = student.moodle?.rest || top;
      student.flatFiles.push(shownName);
      return { sink: student.sink, rel: `download/${shownName}` };
    });
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    throw new GradingError(`${given}\u00a0: ${err.reason}`);
  }
  const submissions: Submission[] = [];
  for (const student of students.values()) {
    const label = student.moodle?.participant ?? student.key;
    const source = `${given} › ${prefix}${student.folder ?? student.moodle?.prefix ?? student.key}`;
    const moodle = student.moodle
      ? { participant: student.moodle.participant, folder: student.folder ?? feedbackFolder(student.moodle.name, student.moodle.participant) }
      : undefined;
    if (student.sink.refused) {
      submissions.push({ ...refused(label, student.name, source, student.sink.refused), moodle });
      continue;
    }
    const base = { label, name: student.name, source, moodle };
    const download = path.join(student.sink.dir, 'download');
    submissions.push(
      await gradable({
        ...base,
        roots: [{ dir: download }],
        work: student.sink.dir,
        budget: student.sink.budget,
        encodings: student.sink.encodings,
        linksIgnored: student.sink.linksIgnored.map((l) => l.replace(/^download\//, '')),
      }),
    );
  }
  return { kind: 'class', submissions };
}

// ---------------------------------------------------------------------------------------------
// One student's hand-in, from its folders or archives to a staged copy.

type Root = { dir: string } | { file: string; shownName: string };

interface GradableInput {
  label: string;
  name: string;
  source: string;
  roots: Root[];
  moodle?: Submission['moodle'];
  /** Reuse a folder and budget already started (a class zip unpacked into them). */
  work?: string;
  budget?: Budget;
  encodings?: Set<string>;
  linksIgnored?: string[];
}

async function gradable(input: GradableInput): Promise<Submission> {
  const base = { id: input.label, name: input.name, source: input.source, moodle: input.moodle, notes: [] as string[] };
  const work = input.work ?? newWorkspace(input.label);
  const budget = input.budget ?? new Budget();
  try {
    // Each root is looked at in turn; a part found in an earlier one is not looked for again.
    const dirs: Array<{ dir: string; shownPrefix: string }> = [];
    const links: string[] = [...(input.linksIgnored ?? [])];
    for (const [i, root] of input.roots.entries()) {
      if ('dir' in root) {
        dirs.push({ dir: root.dir, shownPrefix: '' });
        continue;
      }
      const recognised = recognise(root.file);
      const dir = path.join(work, 'top', String(i));
      fs.mkdirSync(dir, { recursive: true });
      if (!recognised) {
        // A loose file handed in (Moodle's flat layout): it stands alone in a folder of its own.
        fs.copyFileSync(root.file, path.join(dir, path.basename(root.shownName)));
        dirs.push({ dir, shownPrefix: '' });
        continue;
      }
      if ('unread' in recognised) return { ...base, state: 'refused', reason: recognised.unread };
      const unpacked = await unpackArchive(root.file, recognised.kind as ArchiveKind, dir, budget);
      for (const e of unpacked.encodings) (input.encodings ??= new Set()).add(e);
      links.push(...unpacked.linksIgnored.map((l) => `${root.shownName} › ${l}`));
      dirs.push({ dir, shownPrefix: `${root.shownName} › ` });
    }
    if (dirs.every((d) => !hasFiles(d.dir))) return { ...base, state: 'empty', notes: [] };
    const found = { chosen: new Map(), notes: [] as string[], unread: [] as string[] };
    for (const d of dirs) {
      const more = await findParts(d.dir, work, budget, d.shownPrefix);
      for (const [part, pick] of more.chosen) if (!found.chosen.has(part)) found.chosen.set(part, pick);
      found.notes.push(...more.notes);
      found.unread.push(...more.unread);
    }
    if (input.encodings?.has('cp850') && !found.notes.some((n) => n.includes('CP850'))) {
      found.notes.push('Noms de fichiers de l\'archive lus en CP850 (archive créée sous Windows, sans UTF-8).');
    }
    if (found.chosen.size === 0 && found.unread.length > 0) return { ...base, state: 'refused', reason: found.unread[0] };
    const notes = [...found.notes, ...found.unread.map((u) => `Ignoré\u00a0: ${u}.`)];
    if (links.length > 0) notes.push(linksNote(links));
    const staged = stageParts(found, work, input.label);
    return { ...base, notes, state: 'gradable', copy: staged.copy, contentHash: staged.contentHash, partSources: staged.sources };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return { ...base, state: 'refused', reason: err.reason };
  }
}

/** One copy given alone that cannot be graded is bad input: one French line, nothing graded. */
function refuseAlone(given: string, submission: Submission): void {
  if (submission.state === 'refused') throw new GradingError(submission.reason!);
  if (submission.state === 'empty' || Object.keys(submission.copy!.parts).length === 0) {
    throw new GradingError(`aucun dossier partie-1 … partie-4 dans ${given}\u00a0: est-ce bien une copie\u00a0?`);
  }
}

function refused(label: string, name: string, source: string, reason: string): Submission {
  return { id: label, name, source, state: 'refused', reason, notes: [] };
}

/** Whether a folder holds at least one file (junk and node_modules aside): an empty hand-in is « absent ». */
function hasFiles(dir: string, depth = 0): boolean {
  if (depth > 8) return true;
  return safeReaddir(dir).some((e) => !isJunk(e.name) && (e.isFile() || (e.isDirectory() && hasFiles(path.join(dir, e.name), depth + 1))));
}

function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** A folder's or archive's name without its extension: "alice.zip" → "alice". */
function baseLabel(p: string): string {
  return shown(path.basename(path.resolve(p)).replace(/\.(zip|tar\.gz|tgz|tar|rar|7z|tar\.xz|tar\.bz2)$/i, ''));
}

/** Ids become file names (retours/<id>.md): make them safe and unique. */
function uniqueIds(submissions: Submission[]): void {
  const used = new Map<string, number>();
  for (const s of submissions) {
    let id = s.id.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'copie';
    const n = used.get(id) ?? 0;
    used.set(id, n + 1);
    if (n > 0) id = `${id}-${n + 1}`;
    s.id = id;
    if (s.copy) s.copy.label = s.name === s.id ? s.id : `${s.name} (${s.id})`;
  }
}
