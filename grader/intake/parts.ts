// Finding a copy's parts wherever they sit: `partie-2/`, `exercises/partie-2/`, a repository
// folder, an archive inside the hand-in (inside an archive…). Then staging them: the source files
// (.ts, .py) of each part found are copied into the copy's own folder, which is all the grader
// reads from then on (and all a content hash needs).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARTS } from '../cases';
import type { Copy } from '../grading/copy';
import { partDirName } from '../harness/transpile';
import { recognise, unpackArchive, type ArchiveKind } from './archive';
import type { Budget } from './budget';
import { shown } from './entry-path';
import type { NameEncoding } from './legacy-names';
import { INTAKE_LIMITS, SKIPPED_FOLDERS } from './limits';
import { refuse } from './refusal';

/** A folder named partie-N found in a hand-in. */
interface FoundPart {
  part: number;
  dir: string;
  /** Where it was found, as the teacher would name it: "tp/exercises/partie-2", "rendu.zip › …". */
  shownPath: string;
  depth: number;
  underExercises: boolean;
  hasPrograms: boolean;
}

interface Walked {
  parts: FoundPart[];
  archives: Array<{ file: string; shownPath: string; kind: ArchiveKind }>;
  unread: string[];
  links: string[];
}

const PART_DIR = new Map(PARTS.map((p) => [partDirName(p), p]));
const ARCHIVE_NAME = /\.(zip|tar|tgz|gz|rar|7z|xz|txz|bz2|tbz2?|zst|tzst)$/i;

/** Walks `root` breadth first, never following a link, never into node_modules or .git. */
function walk(root: string, shownPrefix: string): Walked {
  const out: Walked = { parts: [], archives: [], unread: [], links: [] };
  const queue: Array<{ dir: string; rel: string; depth: number }> = [{ dir: root, rel: '', depth: 0 }];
  let visited = 0;
  while (queue.length > 0) {
    const { dir, rel, depth } = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++visited > INTAKE_LIMITS.walkedEntriesPerCopy) refuse(`copie refusée\u00a0: plus de ${INTAKE_LIMITS.walkedEntriesPerCopy} fichiers (hors node_modules)`);
      const full = path.join(dir, entry.name);
      const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
      const entryShown = shownPrefix + entryRel;
      if (entry.isSymbolicLink()) {
        out.links.push(entryShown);
      } else if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || depth + 1 > INTAKE_LIMITS.searchDepth) continue;
        const part = PART_DIR.get(entry.name);
        if (part !== undefined) {
          out.parts.push({
            part,
            dir: full,
            shownPath: entryShown,
            depth,
            underExercises: path.basename(dir) === 'exercises',
            hasPrograms: ['serveur.ts', 'client.ts', 'serveur.py', 'client.py'].some((f) => fs.existsSync(path.join(full, f))),
          });
        }
        queue.push({ dir: full, rel: entryRel, depth: depth + 1 });
      } else if (entry.isFile() && ARCHIVE_NAME.test(entry.name)) {
        const recognised = recognise(full);
        if (recognised && 'kind' in recognised) out.archives.push({ file: full, shownPath: entryShown, kind: recognised.kind });
        else if (recognised) out.unread.push(recognised.unread);
      }
    }
  }
  return out;
}

/** The part folder to grade among several: one with programs, under exercises/, shallowest, first by name. */
function best(candidates: FoundPart[]): FoundPart {
  const rank = (c: FoundPart) => [c.hasPrograms ? 0 : 1, c.underExercises ? 0 : 1, c.depth];
  return [...candidates].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return a.shownPath < b.shownPath ? -1 : a.shownPath > b.shownPath ? 1 : 0;
  })[0];
}

export interface FoundCopy {
  /** The chosen folder of each part found. */
  chosen: Map<number, FoundPart>;
  /** French remarks for the copy's feedback: what was chosen among several, what was ignored. */
  notes: string[];
  /** Sentences for archives found but not read (.rar…). */
  unread: string[];
}

/**
 * Looks for every part in `root`; for parts still missing, unpacks the archives found (into
 * `work`, within `budget`) and looks inside them, up to INTAKE_LIMITS.archiveDepth levels.
 * Throws Refused for a hostile archive.
 */
export async function findParts(root: string, work: string, budget: Budget, shownPrefix = ''): Promise<FoundCopy> {
  const all: FoundPart[] = [];
  const unread: string[] = [];
  const notes: string[] = [];
  const links: string[] = [];
  const encodings = new Set<NameEncoding>();
  let layer: Array<{ root: string; shownPrefix: string }> = [{ root, shownPrefix }];
  let unpacked = 0;
  for (let level = 0; layer.length > 0; level++) {
    const archives: Walked['archives'] = [];
    for (const { root: dir, shownPrefix: prefix } of layer) {
      const walked = walk(dir, prefix);
      all.push(...walked.parts);
      archives.push(...walked.archives);
      unread.push(...walked.unread);
      links.push(...walked.links);
    }
    const missing = PARTS.filter((p) => !all.some((c) => c.part === p));
    if (missing.length === 0 || archives.length === 0) break;
    if (level >= INTAKE_LIMITS.archiveDepth) refuse(`archive refusée\u00a0: des archives imbriquées sur plus de ${INTAKE_LIMITS.archiveDepth} niveaux`);
    layer = [];
    for (const archive of archives) {
      const dir = path.join(work, 'archives', String(unpacked++));
      fs.mkdirSync(dir, { recursive: true });
      const result = await unpackArchive(archive.file, archive.kind, dir, budget);
      for (const e of result.encodings) encodings.add(e);
      links.push(...result.linksIgnored.map((l) => `${archive.shownPath} › ${l}`));
      layer.push({ root: dir, shownPrefix: `${archive.shownPath} › ` });
    }
  }

  const chosen = new Map<number, FoundPart>();
  for (const part of PARTS) {
    const candidates = all.filter((c) => c.part === part);
    if (candidates.length === 0) continue;
    const pick = best(candidates);
    chosen.set(part, pick);
    if (candidates.length > 1) {
      const others = candidates.filter((c) => c !== pick).map((c) => c.shownPath);
      notes.push(`Plusieurs dossiers ${partDirName(part)}/ dans la copie\u00a0: noté ${shown(pick.shownPath)}/, ignoré ${others.map((o) => `${shown(o)}/`).join(', ')}.`);
    }
  }
  if (encodings.has('cp850')) notes.push('Noms de fichiers de l\'archive lus en CP850 (archive créée sous Windows, sans UTF-8).');
  if (links.length > 0) notes.push(linksNote(links));
  return { chosen, notes, unread };
}

export function linksNote(links: string[]): string {
  return `Liens symboliques ignorés\u00a0: ${links.slice(0, 5).map(shown).join(', ')}${links.length > 5 ? '…' : ''}.`;
}

/** What was looked for, for the « fichier absent » feedback of a part not found. */
export function absentFeedback(part: number): string {
  const dir = partDirName(part);
  return (
    `Fichier absent\u00a0: aucun dossier ${dir}/ dans la copie. Cherché\u00a0: ${dir}/ et exercises/${dir}/ à tout niveau ` +
    `(dossier du dépôt, archives .zip et .tar.gz comprises, node_modules exclu).`
  );
}

export interface StagedCopy {
  copy: Copy;
  /** sha256 of the staged files and of the parts absent: the copy's content, and nothing else. */
  contentHash: string;
  /** Where each part was found, as the teacher would name it. */
  sources: Partial<Record<number, string>>;
}

/** Copies the .ts files of each chosen part into `work/parts/partie-N`; returns the copy to grade. */
export function stageParts(found: FoundCopy, work: string, label: string): StagedCopy {
  const copy: Copy = { label, parts: {}, absent: {} };
  const sources: StagedCopy['sources'] = {};
  const hash = createHash('sha256');
  for (const part of PARTS) {
    const pick = found.chosen.get(part);
    if (!pick) {
      copy.absent![part] = absentFeedback(part);
      hash.update(`absent ${part}\n`);
      continue;
    }
    const target = path.join(work, 'parts', partDirName(part));
    fs.mkdirSync(target, { recursive: true });
    let total = 0;
    for (const rel of sourceFiles(pick.dir)) {
      const content = fs.readFileSync(path.join(pick.dir, rel));
      if (content.length > INTAKE_LIMITS.tsFileBytes || (total += content.length) > INTAKE_LIMITS.partBytes) {
        refuse(`copie refusée\u00a0: ${partDirName(part)}/${shown(rel)} est trop volumineux pour du code d'étudiant`);
      }
      fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
      fs.writeFileSync(path.join(target, rel), content);
      hash.update(`${part} ${rel} ${createHash('sha256').update(content).digest('hex')}\n`);
    }
    copy.parts[part] = target;
    sources[part] = pick.shownPath;
  }
  return { copy, contentHash: hash.digest('hex'), sources };
}

/** Every source file of a part's folder, .ts or .py (grader/languages; regular files only, sorted), as relative '/' paths. */
function sourceFiles(dir: string, rel = '', depth = 0): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.') && depth < 4) out.push(...sourceFiles(dir, entryRel, depth + 1));
    else if (entry.isFile() && ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.py'))) out.push(entryRel);
  }
  return out;
}
