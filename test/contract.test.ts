// The contract audit, kept true: every graded case quotes the sentence of its énoncé's
// « Contrat » section that it grades (its failures name it), the énoncé names the case next to
// that sentence, and grader/cases/CONTRAT.md lists every case.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { ROOT } from './cli';

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** Text as a student reads it: no Markdown code marks or bold, any space as one space. */
function plain(text: string): string {
  return text.replace(/`/g, '').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

function contractSection(part: number): string {
  const text = read(`exercises/partie-${part}/README.md`);
  const start = text.indexOf('\n## Contrat\n');
  const end = text.indexOf('\n## ', start + 5);
  return start === -1 ? '' : text.slice(start, end === -1 ? undefined : end);
}

/** p4-serveur-x and p4-client-x are named p4-*-x in the énoncé. */
function namesOf(id: string): string[] {
  return [id, id.replace(/^p4-(serveur|client)-/, 'p4-*-')];
}

describe('contrat', () => {
  it.each(ALL_CASES.map((c) => [c.id, c] as const))('%s cite une phrase du Contrat de son énoncé, qui le nomme', (_id, c) => {
    const section = contractSection(c.part);
    expect(plain(section)).toContain(plain(c.contract));
    expect(namesOf(c.id).some((name) => section.includes(`\`${name}\``))).toBe(true);
  });

  it('grader/cases/CONTRAT.md liste chaque test', () => {
    const table = read('grader/cases/CONTRAT.md');
    expect(ALL_CASES.map((c) => c.id).filter((id) => !table.includes(`\`${id}\``))).toEqual([]);
  });
});
