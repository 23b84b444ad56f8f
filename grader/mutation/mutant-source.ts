// Where a Stryker mutant lives and what its file looks like with it applied. Stryker reports
// each mutant as a location in the original file (0-based lines and columns, in UTF-16 code
// units like JavaScript strings) and the source text that replaces it.
import * as path from 'node:path';
import type { Location } from '@stryker-mutator/api/core';
import { SOLUTIONS } from './variant';

/** The part number of a file under solutions/partie-N/, or undefined. */
export function partOfFile(fileName: string): number | undefined {
  const rel = path.relative(SOLUTIONS, path.resolve(fileName)).split(path.sep);
  const m = rel.length === 2 ? /^partie-(\d+)$/.exec(rel[0]) : null;
  return m ? Number(m[1]) : undefined;
}

/** Offset in `source` of a 0-based line and column. */
function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = source.indexOf('\n', offset);
    if (nl === -1) throw new Error(`line ${line + 1} is past the end of the file`);
    offset = nl + 1;
  }
  return offset + column;
}

/** The text the mutant replaces. */
export function originalText(source: string, location: Location): string {
  return source.slice(offsetOf(source, location.start.line, location.start.column), offsetOf(source, location.end.line, location.end.column));
}

/** `source` with the mutant's replacement in place of its location. */
export function applyMutant(source: string, mutant: { location: Location; replacement: string }): string {
  const start = offsetOf(source, mutant.location.start.line, mutant.location.start.column);
  const end = offsetOf(source, mutant.location.end.line, mutant.location.end.column);
  return source.slice(0, start) + mutant.replacement + source.slice(end);
}
