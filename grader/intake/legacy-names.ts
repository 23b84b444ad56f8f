// File names in a zip made without UTF-8. The zip format says: UTF-8 when general purpose bit 11
// is set (or an Info-ZIP Unicode Path field is present), CP437 otherwise; yauzl does exactly
// that. In practice two other cases are common, and both are decided here:
// - macOS and many Linux tools write UTF-8 without setting the bit: bytes that are valid UTF-8
//   are read as UTF-8;
// - the zip folder of Windows writes the OEM code page, which is CP850 on a French Windows, not
//   CP437. Both agree on the lower-case accented letters (é is 0x82 in both) but not on the
//   capitals: « À rendre » is 0xB7 in CP850 and « ╖ » in CP437. CP850 is the better guess here.
// Only names change; the ASCII range, and so every check against `..` or absolute paths, is the
// same in all three readings.

/** CP850, bytes 0x80 to 0xFF (IBM's table; 0xF0 is a soft hyphen, 0xFF a no-break space). */
const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

if ([...CP850_HIGH].length !== 128) throw new Error('CP850 table must have 128 characters');

export function decodeCp850(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP850_HIGH[b - 0x80];
  return out;
}

export type NameEncoding = 'utf8-flag' | 'utf8' | 'cp850' | 'ascii';

const UTF8_FLAG = 0x800;
const UNICODE_PATH_FIELD = 0x7075;

/**
 * The name of a zip entry and how it was read. `yauzlName` is what yauzl decoded (and
 * validated), used as is when the zip says how to read it.
 */
export function decodeZipName(raw: Buffer, generalPurposeBitFlag: number, extraFieldIds: number[], yauzlName: string): { name: string; encoding: NameEncoding } {
  if (generalPurposeBitFlag & UTF8_FLAG || extraFieldIds.includes(UNICODE_PATH_FIELD)) return { name: yauzlName, encoding: 'utf8-flag' };
  if (raw.every((b) => b < 0x80)) return { name: yauzlName, encoding: 'ascii' };
  // yauzl turns backslashes into slashes when strictFileNames is off; do the same.
  const slashes = (s: string) => s.replace(/\\/g, '/');
  try {
    return { name: slashes(new TextDecoder('utf-8', { fatal: true }).decode(raw)), encoding: 'utf8' };
  } catch {
    return { name: slashes(decodeCp850(raw)), encoding: 'cp850' };
  }
}
