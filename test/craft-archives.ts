// Archives built byte by byte for the tests: the hostile ones (zip-slip, bombs, links out,
// names in CP850) cannot come from a library, which refuses to write them. Built at test time,
// never committed as binary files.
import * as zlib from 'node:zlib';

export interface ZipEntrySpec {
  /** The name's bytes as stored (a string is stored as UTF-8). */
  name: string | Buffer;
  data?: Buffer | string;
  /** General purpose bit 11: the name is UTF-8. */
  utf8Flag?: boolean;
  deflate?: boolean;
  /** A Unix symbolic link whose target is `data`. */
  symlink?: boolean;
  /** Lie about the uncompressed size (a bomb that hides). */
  declaredSize?: number;
  /** General purpose bit 0: encrypted (the data is not really). */
  encrypted?: boolean;
}

export function craftZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
    const packed = e.deflate ? zlib.deflateRawSync(raw) : raw;
    // ZipCrypto puts a 12-byte header before the data (not really encrypted here: never read).
    const stored = e.encrypted ? Buffer.concat([Buffer.alloc(12), packed]) : packed;
    const crc = zlib.crc32(raw);
    const flags = (e.utf8Flag ? 0x800 : 0) | (e.encrypted ? 0x1 : 0);
    const method = e.deflate ? 8 : 0;
    const size = e.declaredSize ?? raw.length;
    const mode = e.symlink ? 0o120777 : name.at(-1) === 0x2f ? 0o040755 : 0o100644;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so that the mode bits count
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export interface TarEntrySpec {
  name: string;
  data?: Buffer | string;
  /** '0' file, '2' symbolic link, '1' hard link, '5' folder. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
}

/** A ustar archive (gzipped when asked). */
export function craftTar(entries: TarEntrySpec[], gzip = false): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
    h.write('ustar\u000000', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return gzip ? zlib.gzipSync(tar) : tar;
}

/** CP850 bytes of a string made of ASCII and the few accented letters the tests use. */
export function cp850(text: string): Buffer {
  const table: Record<string, number> = { é: 0x82, è: 0x8a, à: 0x85, ç: 0x87, É: 0x90, À: 0xb7, È: 0xd4, ê: 0x88 };
  return Buffer.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table[ch] ?? 0x3f))));
}
