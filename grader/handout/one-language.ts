// A handout for one language (npm run handout -- DOSSIER --langage python): which files of
// exercises/ it keeps, and what it keeps of the Markdown. The énoncés and answers.md are written
// once for both languages, with Node's words in their body and contract; what only a Python
// student needs is marked: an énoncé's « ## En Python » section, and any paragraph that begins
// with « En Python : ». A TypeScript handout drops those; a Python handout keeps everything and
// opens each énoncé with a note that sends the reader to its « En Python » section.
import type { LanguageId } from '../languages';

/** The languages a handout holds: one, or both when `language` is undefined. */
export function holds(language: LanguageId | undefined, candidate: LanguageId): boolean {
  return language === undefined || language === candidate;
}

/** Whether a file of exercises/ goes into the handout: a skeleton only in its own language. */
export function keepsExerciseFile(relative: string, language: LanguageId | undefined): boolean {
  if (relative.endsWith('.ts')) return holds(language, 'typescript');
  if (relative.endsWith('.py')) return holds(language, 'python');
  return true;
}

const PYTHON_SECTION = /^## En Python$/;
const PYTHON_PARAGRAPH = /^En Python\u00a0: /;

/** The Markdown without its Python-only passages (paragraphs are separated by blank lines). */
export function withoutPython(markdown: string): string {
  const kept: string[] = [];
  let inSection = false;
  for (const block of markdown.split(/\n{2,}/)) {
    if (PYTHON_SECTION.test(block.split('\n')[0])) inSection = true;
    else if (/^## /.test(block)) inSection = false;
    if (!inSection && !PYTHON_PARAGRAPH.test(block)) kept.push(block);
  }
  return kept.join('\n\n');
}

/** Opens a Python handout's énoncé: its body names TypeScript's functions, its last section Python's. */
export const PYTHON_NOTE =
  '> **En Python.** Dans ce dépôt, vos fichiers sont `serveur.py` et `client.py`. Cet énoncé nomme les fonctions et les appels de la version TypeScript (Node.js)\u00a0: sa section [«\u00a0En Python\u00a0»](#en-python), à la fin, donne leurs équivalents en Python et dit ce que Python fait autrement. Le contrat, les commandes et les tests sont les mêmes dans les deux langages.';

/** The énoncé with the note after its title. */
export function withPythonNote(markdown: string): string {
  const [title, ...rest] = markdown.split('\n');
  return [title, '', PYTHON_NOTE, ...rest].join('\n');
}

/** An énoncé (`exercises/partie-N/README.md`) or answers.md as a handout of `language` shows it. */
export function markdownFor(relative: string, markdown: string, language: LanguageId | undefined): string {
  if (language === 'typescript') return withoutPython(markdown);
  if (language === 'python' && /^exercises\/partie-\d+\/README\.md$/.test(relative)) return withPythonNote(markdown);
  return markdown;
}
