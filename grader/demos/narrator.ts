// How a demonstration speaks: each line stamped with the time since the scene began, the actor
// who did or saw something, then a plain French sentence. Explanations are indented under the
// facts they explain, so the reader sees first what happened, then why.
import { formatMs } from '../harness/timing';

export type Actor = 'client' | 'serveur' | 'noyau' | string;

export class Narrator {
  private readonly start = performance.now();
  /** Observations that contradict what answers.md says happens on this system. */
  readonly surprises: string[] = [];

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Milliseconds since the scene began. */
  elapsed(): number {
    return performance.now() - this.start;
  }

  /** A scene's title, between blank lines. */
  scene(title: string): void {
    this.write('');
    this.write(`— ${title}`);
  }

  /** Something that happened, as `who` saw it. */
  say(who: Actor, text: string): void {
    this.write(`[${formatMs(this.elapsed()).padStart(8, '\u00a0')}] ${who}\u00a0: ${text}`);
  }

  /** Lines shown as they are (a command's output), under the fact that introduced them. */
  block(lines: string[]): void {
    for (const line of lines) this.write(`            ${line.trimEnd()}`);
  }

  /** Why it happened, under the facts. */
  explain(text: string): void {
    this.write(wrap(text, '            → ', '              '));
  }

  /**
   * Says `expected` when the observation matches what answers.md claims, and otherwise says
   * what was seen instead, marked so that the self-test notices.
   */
  verify(ok: boolean, expected: string, instead: string): void {
    if (ok) this.explain(expected);
    else this.surprise(instead);
  }

  /** An observation that contradicts answers.md. */
  surprise(text: string): void {
    this.surprises.push(text);
    this.write(wrap(`Inattendu\u00a0: ${text}`, '            ⚠ ', '              '));
  }

  /** What to remember, at the end. */
  conclude(text: string): void {
    this.write('');
    this.write(wrap(`À retenir\u00a0: ${text}`, '', ''));
  }
}

const WIDTH = 100;

/** `text` cut at spaces into lines of at most WIDTH columns (non-breaking spaces hold). */
function wrap(text: string, first: string, next: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    const fresh = line === first || line === next;
    if (!fresh && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = next + word;
    } else {
      line += (fresh ? '' : ' ') + word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
