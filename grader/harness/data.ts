// The data a test sends. Public tests (npm run check) and graded tests run the same code with
// different seeds: the grader varies the data, never the rules. A seeded generator keeps every
// run of a seed identical, so a verdict never depends on chance.
export const PUBLIC_SEED = 1;
export const DEFAULT_GRADING_SEED = 2026;

const WORDS = [
  'bonjour', 'réseau', 'socket', 'serveur', 'client', 'écho', 'paquet', 'octet', 'fenêtre', 'accusé',
  'connexion', 'données', 'flux', 'tampon', 'port', 'adresse', 'routeur', 'câble', 'trame', 'protocole',
  'noyau', 'boucle', 'requête', 'réponse', 'message', 'été', 'garçon', 'forêt', 'hôte', 'crème',
  'liaison', 'segment', 'Noël', 'cœur', 'à bientôt', 'déjà', 'où', 'ça marche', 'ligne', 'mot',
];

export class TestData {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  word(): string {
    return WORDS[this.int(0, WORDS.length - 1)];
  }

  /** `n` words joined by spaces: a line that never reads as the line `fin`. */
  sentence(n = 3): string {
    return Array.from({ length: n }, () => this.word()).join(' ');
  }

  /** `count` distinct numbered lines, e.g. "3 réseau tampon". */
  lines(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${i + 1} ${this.sentence(2)}`);
  }

  /** A word made of `length` characters of `alphabet` (by default some are two-byte in UTF-8). */
  longText(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyzéèàç'): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
}
