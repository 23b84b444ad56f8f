// What kind of archive a file is, by its first bytes (an extension can lie or be missing), and
// unpacking it into a copy's folder. Formats not read get a sentence saying what to hand in.
import * as fs from 'node:fs';
import type { Budget } from './budget';
import { shown } from './entry-path';
import { refuse } from './refusal';
import { unpackTar } from './tar';
import { newSink, unpackZip } from './zip';
import type { NameEncoding } from './legacy-names';

export type ArchiveKind = 'zip' | 'tar' | 'tar.gz';

/** Formats recognised but not read, by magic bytes then by extension. */
const UNREAD: Array<{ format: string; magic?: number[]; extensions: RegExp }> = [
  { format: '.rar', magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], extensions: /\.rar$/i },
  { format: '.7z', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], extensions: /\.7z$/i },
  { format: '.xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], extensions: /\.(t?xz)$/i },
  { format: '.bz2', magic: [0x42, 0x5a, 0x68], extensions: /\.(bz2|tbz2?)$/i },
  { format: '.zst', magic: [0x28, 0xb5, 0x2f, 0xfd], extensions: /\.(zst|tzst)$/i },
];

export type Recognised = { kind: ArchiveKind } | { unread: string } | undefined;

/**
 * The archive kind of `file`; for a format not read, the sentence that says so; undefined for
 * an ordinary file.
 */
export function recognise(file: string): Recognised {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(512);
      head = head.subarray(0, fs.readSync(fd, head, 0, 512, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (starts([0x1f, 0x8b])) return /\.(tar\.gz|tgz)$/i.test(file) || !/\.gz$/i.test(file) ? { kind: 'tar.gz' } : { unread: unreadFormat(file, '.gz') };
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return { kind: 'tar' };
  for (const u of UNREAD) if ((u.magic && starts(u.magic)) || u.extensions.test(file)) return { unread: unreadFormat(file, u.format) };
  if (/\.(zip|tar|tgz|tar\.gz)$/i.test(file)) return { unread: `«\u00a0${baseName(file)}\u00a0» n'est pas une archive lisible (fichier abîmé ou tronqué\u00a0?)` };
  return undefined;
}

/** The sentence for a format the grader does not read. */
function unreadFormat(file: string, format: string): string {
  return `archive ${format} non lue («\u00a0${baseName(file)}\u00a0»)\u00a0: déposez une archive .zip ou .tar.gz`;
}

function baseName(file: string): string {
  return shown(file.split(/[\\/]/).pop() ?? file);
}

export interface Unpacked {
  encodings: Set<NameEncoding>;
  linksIgnored: string[];
}

/** Unpacks an archive of one copy into `dir`. Throws Refused. */
export async function unpackArchive(file: string, kind: ArchiveKind, dir: string, budget: Budget): Promise<Unpacked> {
  if (kind === 'zip') {
    const sink = newSink(dir, budget);
    await unpackZip(file, (name) => ({ sink, rel: name }));
    if (sink.refused) refuse(sink.refused);
    return { encodings: sink.encodings, linksIgnored: sink.linksIgnored };
  }
  const report = await unpackTar(file, dir, budget);
  return { encodings: new Set(), linksIgnored: report.linksIgnored };
}
