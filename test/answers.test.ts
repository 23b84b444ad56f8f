// answers.md against the énoncés: every question of every énoncé links to its answer, quoted
// word for word, with a short and a precise answer, a demonstration to run and the tests that
// check it; every test and demonstration it names exists; French typography holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { DEMOS } from '../grader/demos';
import { ROOT } from './cli';

const ROMAN = ['i', 'ii', 'iii', 'iv'];
const PARTS = [1, 2, 3, 4];
const LABELS = ['**Réponse courte.**', '**Réponse précise.**', '**À essayer.**', '**Tests.**'];

const answers = read('answers.md');
const enonce = (part: number) => read(`exercises/partie-${part}/README.md`);

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** A heading's anchor as GitHub and VS Code make it: « Question I.1 » → « question-i1 ». */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The text under each heading of level `level` (up to the next heading of that level or above). */
function sections(markdown: string, level: number): Map<string, string> {
  const found = new Map<string, string>();
  const heading = new RegExp(`^#{1,${level}} `);
  let current: string | undefined;
  for (const line of markdown.split('\n')) {
    if (heading.test(line)) {
      current = line.startsWith('#'.repeat(level) + ' ') ? line.slice(level + 1) : undefined;
      if (current !== undefined) found.set(current, '');
    } else if (current !== undefined) {
      found.set(current, found.get(current) + line + '\n');
    }
  }
  return found;
}

/** The paragraph that starts with `label` in `body`. */
function paragraph(body: string, label: string): string {
  return body.split(/\n\s*\n/).find((p) => p.startsWith(label)) ?? '';
}

const answerSections = new Map([...sections(answers, 3)].map(([title, body]) => [slug(title), body]));

describe('answers.md', () => {
  describe.each(PARTS)('Partie %i', (part) => {
    const questions = sections(enonce(part), 2).get('Questions') ?? '';
    const asked = [...questions.matchAll(/^(\d)\. (.+)$/gm)].map((m) => m[2]);

    it("l'énoncé pose trois questions et renvoie à leurs réponses", () => {
      expect(asked).toHaveLength(3);
      const links = [...questions.matchAll(/\]\(\.\.\/\.\.\/answers\.md#([^)]+)\)/g)].map((m) => m[1]);
      expect(links).toEqual([1, 2, 3].map((q) => `question-${ROMAN[part - 1]}${q}`));
    });

    it.each([1, 2, 3])('question %i : citée mot pour mot, avec ses quatre rubriques', (q) => {
      const body = answerSections.get(`question-${ROMAN[part - 1]}${q}`);
      expect(body).toBeDefined();
      expect(body!.trim().split('\n')[0]).toBe(`> ${asked[q - 1]}`);
      for (const label of LABELS) expect(paragraph(body!, label)).not.toBe('');
      expect(paragraph(body!, '**À essayer.**')).toMatch(/npm run demo -- [a-z]/);
      expect(paragraph(body!, '**Tests.**')).toMatch(/`p[1-4]-[a-z0-9-]+`/);
    });
  });

  it('répond aux douze questions, et à elles seules', () => {
    expect([...answerSections.keys()]).toEqual(PARTS.flatMap((p) => [1, 2, 3].map((q) => `question-${ROMAN[p - 1]}${q}`)));
  });

  it('ne cite que des tests qui existent', () => {
    const ids = new Set(ALL_CASES.map((c) => c.id));
    const cited = [...answers.matchAll(/`(p[1-4]-[a-z0-9-]+)`/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(12);
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('ne cite que des démonstrations qui existent, et les cite toutes', () => {
    const names = DEMOS.map((d) => d.name);
    const cited = new Set([answers, ...PARTS.map(enonce)].flatMap((text) => [...text.matchAll(/npm run demo -- ([a-z][a-z0-9-]*)/g)].map((m) => m[1])));
    expect([...cited].filter((name) => !names.includes(name))).toEqual([]);
    expect(names.filter((name) => !cited.has(name))).toEqual([]);
  });
});

describe('typographie française (espace insécable)', () => {
  it.each(['answers.md', ...PARTS.map((p) => `exercises/partie-${p}/README.md`)])('%s', (file) => {
    const prose = read(file)
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, 'X')
      .replace(/\]\([^)]*\)/g, ']');
    const faults = prose.split('\n').flatMap((line, i) => [...line.matchAll(/ [:;?!](?=\s|$)|«(?!\u00a0)|(?<!\u00a0)»/g)].map((m) => `ligne ${i + 1}\u00a0: ${line.slice(Math.max(0, m.index - 30), m.index + 10)}`));
    expect(faults).toEqual([]);
  });
});
