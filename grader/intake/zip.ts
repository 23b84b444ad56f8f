// Reading zip archives with yauzl: it refuses absolute and `..` paths itself, checks that each
// entry's data has the size its header claims, and gives the raw name bytes with the UTF-8 flag
// so that names made on Windows can be read in their code page (legacy-names.ts). We only
// decide what to write, and where: regular files and folders, never links, within the copy's
// budget, into the copy's own folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { Budget } from './budget';
import { checkEntryPath, checkLinkTarget, destination, shown } from './entry-path';
import { decodeZipName, type NameEncoding } from './legacy-names';
import { INTAKE_LIMITS } from './limits';
import { Refused, refuse } from './refusal';

/** Where the entries of one copy go. A class archive (Moodle's) has one sink per student. */
export interface ZipSink {
  dir: string;
  budget: Budget;
  /** Set when this copy's part of the archive is refused; its remaining entries are skipped. */
  refused?: string;
  /** How names were decoded, for a note in the copy's feedback. */
  encodings: Set<NameEncoding>;
  /** Links inside the copy, not created (the parts never need one). */
  linksIgnored: string[];
}

export function newSink(dir: string, budget: Budget): ZipSink {
  return { dir, budget, encodings: new Set(), linksIgnored: [] };
}

/** Picks the sink of an entry and its path inside it; undefined skips the entry. */
export type ZipRoute = (name: string) => { sink: ZipSink; rel: string } | undefined;

const OPTIONS: yauzl.Options = { decodeStrings: true, validateEntrySizes: true, strictFileNames: false, autoClose: true };

/** Every entry name, decoded (for telling a class from a copy, and Moodle's layout). */
export async function listZip(file: string): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(file, async (_entry, name) => {
    names.push(name);
  });
  return names;
}

/** Unpacks the entries `route` keeps. Throws Refused when the archive as a whole cannot be read. */
export async function unpackZip(file: string, route: ZipRoute): Promise<void> {
  await eachEntry(file, async (entry, name, encoding, zip) => {
    const target = route(name);
    if (!target || target.sink.refused) return;
    const { sink } = target;
    try {
      await unpackEntry(zip, entry, target.rel, sink, encoding);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      sink.refused = err.reason;
    }
  });
}

async function unpackEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, rel: string, sink: ZipSink, encoding: NameEncoding): Promise<void> {
  const checked = checkEntryPath(rel);
  if (checked.skipped || checked.rel === '') return;
  sink.encodings.add(encoding);
  if (isSymlink(entry)) {
    checkLinkTarget(checked.rel, await readSmall(zip, entry));
    sink.linksIgnored.push(checked.rel);
    return;
  }
  if (entry.isEncrypted()) refuse(`archive protégée par un mot de passe («\u00a0${shown(checked.rel)}\u00a0»)\u00a0: elle ne peut pas être lue`);
  const target = destination(sink.dir, checked.rel);
  if (entry.fileName.endsWith('/')) {
    sink.budget.take(0);
    makeDir(target);
    return;
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    refuse(`archive zip compressée d'une façon non lue (méthode ${entry.compressionMethod}, «\u00a0${shown(checked.rel)}\u00a0»)\u00a0: refaites-la en zip standard («\u00a0Deflate\u00a0»)`);
  }
  sink.budget.take(entry.uncompressedSize);
  makeDir(path.dirname(target));
  const data = await zip.openReadStreamPromise(entry);
  await pipeline(data, fs.createWriteStream(target));
}

/** Reads every entry in order, turning yauzl's English errors into one French refusal. */
async function eachEntry(
  file: string,
  visit: (entry: yauzl.Entry, name: string, encoding: NameEncoding, zip: yauzl.ZipFile) => Promise<void>,
): Promise<void> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(file, OPTIONS);
    let count = 0;
    for await (const entry of zip.eachEntry()) {
      if (++count > INTAKE_LIMITS.listedEntriesPerArchive) refuse(`archive refusée\u00a0: plus de ${INTAKE_LIMITS.listedEntriesPerArchive} entrées`);
      const { name, encoding } = decodeZipName(entry.fileNameRaw, entry.generalPurposeBitFlag, entry.extraFields.map((f) => f.id), entry.fileName);
      await visit(entry, name, encoding, zip);
    }
  } catch (err) {
    if (err instanceof Refused) throw err;
    throw new Refused(zipErrorInFrench(err as Error, path.basename(file)));
  } finally {
    try {
      zip?.close();
    } catch {
      // Already closed by yauzl after an error.
    }
  }
}

function zipErrorInFrench(err: Error, file: string): string {
  const message = err.message ?? '';
  const named = /^(?:invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(message);
  if (named) return `archive refusée\u00a0: le chemin «\u00a0${shown(named[1])}\u00a0» sort du dossier de la copie (zip-slip)`;
  if (/central directory|end of central|not a zip|signature/i.test(message)) return `«\u00a0${shown(file)}\u00a0» n'est pas une archive zip lisible (fichier abîmé ou tronqué\u00a0?)`;
  if (/too many bytes|not enough bytes|invalid|incorrect|unexpected end|crc/i.test(message)) return `archive zip abîmée (données incohérentes dans «\u00a0${shown(file)}\u00a0»)`;
  if ((err as NodeJS.ErrnoException).code === 'ENAMETOOLONG') return `archive refusée\u00a0: un nom de fichier est trop long`;
  return `archive zip illisible («\u00a0${shown(file)}\u00a0»)`;
}

function isSymlink(entry: yauzl.Entry): boolean {
  const unix = entry.versionMadeBy >> 8 === 3;
  return unix && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

/** A link's target is its data: read at most 4 KiB of it. */
async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  if (entry.uncompressedSize > 4096) refuse('archive refusée\u00a0: lien symbolique invalide');
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function makeDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    refuse('archive refusée\u00a0: un fichier et un dossier y portent le même nom');
  }
}
