// The TP's twelve questions, the énoncés and answers.md. The questions live once, below, word for
// word as the TP states them: each énoncé asks its part's three and links to their answers;
// answers.md answers them in the TP's order, quoting each, with a short and a precise answer, the
// commonly seen wrong answer (« Erreur fréquente »), a demonstration to run and the tests that
// check it. Questions an énoncé adds « pour aller plus loin » are answered too, after their part's
// three. Every test and demonstration cited exists, every demonstration is cited, and French
// typography holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { DEMOS } from '../grader/demos';
import { ROOT } from './cli';

/** The TP's questions, three per part, as the TP states them (plain spaces, no Markdown). */
const TP_QUESTIONS: readonly (readonly [string, string, string])[] = [
  [
    'À quel moment la socket côté serveur est-elle bloquante ?',
    'Que se passe-t-il si le client se connecte avant que le serveur ne soit prêt ?',
    'Quelle est la différence entre bind() et listen() ?',
  ],
  [
    'Pourquoi faut-il une boucle dans le serveur ?',
    'Que se passe-t-il si on oublie de tester msg == "fin" ?',
    'Est-ce que le serveur peut envoyer plusieurs réponses d\'affilée ?',
  ],
  [
    'Le serveur peut-il rester actif après une déconnexion client ?',
    'Que faut-il modifier pour accepter plusieurs clients à la suite ?',
    'Peut-on imaginer accepter des clients en parallèle ?',
  ],
  [
    'Comment s\'assurer que les deux côtés ne parlent pas en même temps ?',
    'Peut-on rendre cet échange non bloquant ? Comment ?',
    'Quelle est la meilleure façon de quitter proprement la communication ?',
  ],
];

const ROMAN = ['i', 'ii', 'iii', 'iv'];
const PARTS = TP_QUESTIONS.map((_, i) => i + 1);
const LABELS = ['**Réponse courte.**', '**Réponse précise.**', '**À essayer.**', '**Tests.**'];
const COMMON_MISTAKE = '**Erreur fréquente.**';
const FURTHER_HEADING = '### Pour aller plus loin';

const answers = read('answers.md');
const enonce = (part: number) => read(`exercises/partie-${part}/README.md`);

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** The anchor of a TP question's answer: part 2, question 3 → « question-ii3 ». */
const questionAnchor = (part: number, q: number) => `question-${ROMAN[part - 1]}${q}`;
/** The anchor of a part's n-th question « pour aller plus loin »: part 1, first → « pour-aller-plus-loin-ia ». */
const furtherAnchor = (part: number, n: number) => `pour-aller-plus-loin-${ROMAN[part - 1]}${String.fromCharCode(97 + n)}`;

/**
 * A TP question as the Markdown files print it: French typography (a non-breaking space before
 * ? ! : ;), and code such as bind() possibly set in backticks. Compare with `asPlainText` of a line.
 */
function inFrenchTypography(question: string): string {
  return question.replace(/ ([?!:;])/g, '\u00a0$1');
}
function asPlainText(markdown: string): string {
  return markdown.replace(/`/g, '');
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

/** The anchors of answers.md that `markdown` links to. */
function answerLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(\.\.\/\.\.\/answers\.md#([^)]+)\)/g)].map((m) => m[1]);
}

/** An énoncé's « Questions » section: the TP's numbered questions, then « Pour aller plus loin » bullets. */
function enonceQuestions(part: number) {
  const section = sections(enonce(part), 2).get('Questions') ?? '';
  const [tp, further = ''] = section.split(new RegExp(`^${FURTHER_HEADING}$`, 'm'));
  return {
    asked: [...tp.matchAll(/^\d\. (.+)$/gm)].map((m) => m[1]),
    links: answerLinks(tp),
    further: [...further.matchAll(/^- (.+)$/gm)].map((m) => m[1]),
    furtherLinks: answerLinks(further),
  };
}

const answerSections = new Map([...sections(answers, 3)].map(([title, body]) => [slug(title), body]));

/** The question an answer quotes, on its first line (« > question »). */
function quoted(body: string): string {
  const first = body.trim().split('\n')[0];
  return first.startsWith('> ') ? first.slice(2) : '';
}

function expectFourRubrics(body: string): void {
  for (const label of LABELS) expect(paragraph(body, label)).not.toBe('');
  expect(paragraph(body, '**À essayer.**')).toMatch(/npm run demo -- [a-z]/);
  expect(paragraph(body, '**Tests.**')).toMatch(/`p[1-4]-[a-z0-9-]+`/);
}

const TP = PARTS.flatMap((part) => [1, 2, 3].map((q) => ({ anchor: questionAnchor(part, q), text: TP_QUESTIONS[part - 1][q - 1] })));

describe('les questions du TP', () => {
  it.each(PARTS)("l'énoncé de la partie %i pose ses trois questions mot pour mot et renvoie à leurs réponses", (part) => {
    const { asked, links } = enonceQuestions(part);
    expect(asked.map(asPlainText)).toEqual(TP_QUESTIONS[part - 1].map(inFrenchTypography));
    expect(links).toEqual([1, 2, 3].map((q) => questionAnchor(part, q)));
  });

  it.each(TP)('answers.md#$anchor : citée mot pour mot, avec ses quatre rubriques et son erreur fréquente', ({ anchor, text }) => {
    const body = answerSections.get(anchor);
    expect(body).toBeDefined();
    expect(asPlainText(quoted(body!))).toBe(inFrenchTypography(text));
    expectFourRubrics(body!);
    expect(paragraph(body!, COMMON_MISTAKE)).not.toBe('');
  });
});

describe('pour aller plus loin', () => {
  const further = PARTS.flatMap((part) => {
    return enonceQuestions(part).further.map((text, n) => ({ part, text, anchor: furtherAnchor(part, n) }));
  });

  it.each(PARTS)("l'énoncé de la partie %i renvoie à la réponse de chacune de ses questions en plus", (part) => {
    const { further: asked, furtherLinks } = enonceQuestions(part);
    expect(furtherLinks).toEqual(asked.map((_, n) => furtherAnchor(part, n)));
  });

  it.each(further)('answers.md#$anchor : citée mot pour mot, avec ses quatre rubriques', ({ anchor, text }) => {
    const body = answerSections.get(anchor);
    expect(body).toBeDefined();
    expect(quoted(body!)).toBe(text);
    expectFourRubrics(body!);
  });

  it("answers.md : les douze questions dans l'ordre du TP, chaque question en plus après les trois de sa partie, et rien d'autre", () => {
    const expected = PARTS.flatMap((part) => [...[1, 2, 3].map((q) => questionAnchor(part, q)), ...further.filter((f) => f.part === part).map((f) => f.anchor)]);
    expect([...answerSections.keys()]).toEqual(expected);
  });
});

describe('answers.md', () => {
  it('chaque « Erreur fréquente » est sous une question', () => {
    const underQuestions = [...answerSections.values()].flatMap((body) => body.split(/\n\s*\n/).filter((p) => p.startsWith(COMMON_MISTAKE)));
    expect(underQuestions.length).toBeGreaterThan(0);
    expect(answers.split(COMMON_MISTAKE).length - 1).toBe(underQuestions.length);
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
