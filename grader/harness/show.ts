// How bytes are shown to a student: quoted, with \n, \r, \t and invalid UTF-8 escaped, and long
// data cut in the middle so that a 100 KiB line does not drown the feedback. A U+FFFD (what a
// program gets when it decodes each read on its own and a character was cut between two reads)
// is shown as the character « � », with a note that says where it comes from.
const MAX_SHOWN = 160;
const REPLACEMENT = '\ufffd';

export const CUT_CHARACTER_NOTE =
  `(«\u00a0${REPLACEMENT}\u00a0»\u00a0: un caractère UTF-8 coupé entre deux lectures, décodé morceau par morceau au lieu d'attendre ses derniers octets)`;
const BROKEN_BYTES_NOTE = '(\\xNN\u00a0: des octets qui ne forment pas un caractère UTF-8 complet)';

export function show(data: string | Buffer): string {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const text = decodeEscaping(buf);
  const notes = [
    text.includes(REPLACEMENT) ? ` ${CUT_CHARACTER_NOTE}` : '',
    /\\x[89a-f][0-9a-f]/.test(text) ? ` ${BROKEN_BYTES_NOTE}` : '',
  ].join('');
  if (text.length <= MAX_SHOWN) return `"${text}"${notes}`;
  const head = text.slice(0, MAX_SHOWN / 2);
  const tail = text.slice(-MAX_SHOWN / 4);
  return `"${head}" … (${buf.length} octets en tout) … "${tail}"${notes}`;
}

function decodeEscaping(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const len = utf8SequenceLength(buf, i);
    if (len === 0) {
      out += `\\x${buf[i].toString(16).padStart(2, '0')}`;
      i += 1;
      continue;
    }
    const ch = buf.toString('utf8', i, i + len);
    out += escapeChar(ch);
    i += len;
  }
  return out;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    case '"': return '\\"';
    case '\\': return '\\\\';
  }
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function utf8SequenceLength(buf: Buffer, i: number): number {
  const b = buf[i];
  const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > buf.length) return 0;
  for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return 0;
  // Reject what Buffer would turn into U+FFFD (overlong or surrogate forms), but not U+FFFD itself.
  const ch = buf.toString('utf8', i, i + len);
  const isReplacement = len === 3 && buf[i] === 0xef && buf[i + 1] === 0xbf && buf[i + 2] === 0xbd;
  return ch.includes(REPLACEMENT) && !isReplacement ? 0 : len;
}
