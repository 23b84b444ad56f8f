// How bytes are shown to a student: quoted, with \n, \r, \t and invalid UTF-8 escaped, and long
// data cut in the middle so that a 100 KiB line does not drown the feedback.
const MAX_SHOWN = 160;

/** Bytes decoded at each end of long data: enough for MAX_SHOWN characters however they are encoded. */
const EDGE_BYTES = 4 * MAX_SHOWN;

export function show(data: string | Buffer): string {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Long data (a 100 KiB line, a megabyte of echoes) is cut anyway: decode only its two ends,
  // each widened to whole UTF-8 characters, never the whole buffer.
  const long = buf.length > 2 * EDGE_BYTES;
  const text = long ? '' : decodeEscaping(buf);
  if (!long && text.length <= MAX_SHOWN) return `"${text}"`;
  const head = (long ? decodeEscaping(buf.subarray(0, charStart(buf, EDGE_BYTES))) : text).slice(0, MAX_SHOWN / 2);
  const tail = (long ? decodeEscaping(buf.subarray(charStart(buf, buf.length - EDGE_BYTES))) : text).slice(-MAX_SHOWN / 4);
  return `"${head}" … (${buf.length} octets en tout) … "${tail}"`;
}

/** The first offset at or after `i` that does not fall inside a UTF-8 character (at most 3 bytes on). */
function charStart(buf: Buffer, i: number): number {
  let j = i;
  while (j < buf.length && j < i + 3 && (buf[j] & 0xc0) === 0x80) j++;
  return j;
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
  // Reject what Buffer would turn into U+FFFD (overlong or surrogate forms).
  return buf.toString('utf8', i, i + len).includes('\ufffd') ? 0 : len;
}
