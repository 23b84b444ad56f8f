// CSV as spreadsheets write it (RFC 4180: quotes around a field that holds the separator, a
// quote or a line break; a quote doubled inside), read back with every cell's raw text kept, so
// that a file we only fill in (Moodle's grading worksheet) comes out byte for byte the same
// wherever we did not write.
export interface CsvCell {
  value: string;
  /** The cell exactly as it was written, quotes included. */
  raw: string;
}

export interface CsvFile {
  rows: CsvCell[][];
  separator: string;
  eol: string;
  bom: boolean;
  /** The text ended with a line break. */
  finalEol: boolean;
}

/** Reads CSV text; the separator is the one of `,` `;` tab found most in the first line. */
export function parseCsv(text: string, separator?: string): CsvFile {
  const bom = text.startsWith('\ufeff');
  if (bom) text = text.slice(1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = separator ?? guessSeparator(firstLine);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let i = 0;
  const n = text.length;
  let finalEol = false;
  while (i < n) {
    const start = i;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) break;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
    } else {
      while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
    }
    row.push({ value, raw: text.slice(start, i) });
    if (i >= n) {
      rows.push(row);
      break;
    }
    if (text[i] === sep) {
      i++;
      if (i >= n) {
        row.push({ value: '', raw: '' });
        rows.push(row);
      }
      continue;
    }
    // End of line.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) finalEol = true;
  }
  return { rows, separator: sep, eol, bom, finalEol };
}

function guessSeparator(line: string): string {
  const outside = line.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((s) => [s, outside.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** One field, quoted when it must be (or when it holds a space, as PHP's fputcsv does). */
export function quoteCsv(value: string, separator: string, quoteSpaces = false): string {
  const needs = value.includes(separator) || /["\r\n]/.test(value) || (quoteSpaces && /[ \t]/.test(value)) || /^\s|\s$/.test(value);
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows of plain values. */
export function writeCsv(rows: string[][], separator: string, options: { bom?: boolean; eol?: string } = {}): string {
  const eol = options.eol ?? '\r\n';
  return (options.bom ? '\ufeff' : '') + rows.map((r) => r.map((v) => quoteCsv(v, separator)).join(separator)).join(eol) + eol;
}

/** Writes a parsed file back: raw cells as they were, changed cells quoted as needed. */
export function writeCsvFile(file: CsvFile, quoteSpaces = false): string {
  const lines = file.rows.map((r) => r.map((c) => (c.raw !== undefined ? c.raw : quoteCsv(c.value, file.separator, quoteSpaces))).join(file.separator));
  return (file.bom ? '\ufeff' : '') + lines.join(file.eol) + (file.finalEol ? file.eol : '');
}

/** A cell replaced by a new value (its raw text is recomputed). */
export function cell(value: string, separator: string, quoteSpaces = false): CsvCell {
  return { value, raw: quoteCsv(value, separator, quoteSpaces) };
}

/** "12,5" (decimal comma) or "12.5": at most two decimals, no trailing zeros unless `decimals` is given. */
export function formatDecimal(n: number, comma: boolean, decimals?: number): string {
  const text = decimals !== undefined ? n.toFixed(decimals) : String(Math.round(n * 100) / 100);
  return comma ? text.replace('.', ',') : text;
}

/** A number typed by a teacher: "12,5" or "12.5"; undefined when it is not one. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim().replace(/\u00a0|\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}
