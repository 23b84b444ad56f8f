// What a class run shows on the terminal: a progress line while it runs (rewritten in place on
// a terminal, one plain line per copy otherwise), then a table, one line per student, and the
// copies not graded. Colour only on a terminal, and never with NO_COLOR (https://no-color.org).
import { formatPoints } from '../report';
import type { Bareme } from '../scoring';
import type { StudentResult } from './gradebook';

export interface Style {
  tty: boolean;
  color: boolean;
}

export function styleOf(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const tty = stream.isTTY === true;
  return { tty, color: tty && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.TERM !== 'dumb' };
}

const COLORS = { green: 32, yellow: 33, red: 31, dim: 2, bold: 1 } as const;

function paint(style: Style, color: keyof typeof COLORS, text: string): string {
  return style.color ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text;
}

/** The progress of a class run, on stderr so that stdout stays the table. */
export class Progress {
  private readonly started = performance.now();
  private total = 0;
  private done = 0;
  private current = '';

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly style: Style,
  ) {}

  planned(toGrade: number, already: number): void {
    this.total = toGrade;
    const again = already > 0 ? ` (${already} déjà notée${already > 1 ? 's' : ''}, non relancée${already > 1 ? 's' : ''})` : '';
    this.out.write(`${toGrade} copie${toGrade > 1 ? 's' : ''} à noter${again}.\n`);
  }

  /** A verdict came for the copy named `name`. */
  working(name: string): void {
    if (!this.style.tty || name === this.current) return;
    this.current = name;
    this.draw();
  }

  copyDone(name: string, summary: string): void {
    this.done++;
    if (this.style.tty) this.draw();
    else this.out.write(`[${this.done}/${this.total}] ${name}\u00a0: ${summary}\n`);
  }

  end(): void {
    if (this.style.tty && this.total > 0) this.out.write('\r\x1b[K');
    const seconds = (performance.now() - this.started) / 1000;
    if (this.total > 0) this.out.write(`Notation terminée en ${formatSeconds(seconds)}.\n`);
  }

  private draw(): void {
    const elapsed = (performance.now() - this.started) / 1000;
    const eta = this.done > 0 && this.done < this.total ? ` — reste environ ${formatSeconds((elapsed / this.done) * (this.total - this.done))}` : '';
    const line = `[${this.done}/${this.total}] en cours\u00a0: ${this.current}${eta}`;
    const width = (this.out as { columns?: number }).columns ?? 100;
    this.out.write(`\r\x1b[K${line.slice(0, width - 1)}`);
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))}\u00a0s`;
  return `${Math.floor(s / 60)}\u00a0min\u00a0${String(Math.round(s % 60)).padStart(2, '0')}\u00a0s`;
}

/** The table at the end: one line per student, then the copies not graded and why. */
export function resultTable(results: StudentResult[], bareme: Bareme, style: Style): string {
  const head = ['Identifiant', 'Nom', ...bareme.parties.map((p) => `P${p.partie}`), ...(bareme.a_la_main ? ['Main'] : []), 'Total', 'Statut'];
  const rows = results.map((r) => [
    r.student.id,
    r.student.name,
    ...bareme.parties.map((p) => points(r.score?.parts.find((sp) => sp.part === p.partie)?.points)),
    ...(bareme.a_la_main ? [points(r.hand)] : []),
    r.total === undefined ? '—' : `${formatPoints(r.total)}/${bareme.total}`,
    r.status,
  ]);
  const widths = head.map((h, i) => Math.min(i < 2 ? 32 : 12, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : fit(c, widths[i]))).join('  ');
  const out = [paint(style, 'bold', line(head))];
  rows.forEach((row, k) => {
    const color = ({ noté: 'green', 'ne compile pas': 'yellow', 'délai dépassé': 'yellow', 'non noté': 'red', absent: 'dim' } as const)[results[k].status];
    const text = line(row);
    out.push(paint(style, color, text));
  });
  const left = results.filter((r) => r.status === 'non noté' || r.status === 'absent');
  if (left.length > 0) {
    out.push('', paint(style, 'bold', `Copies non notées (${left.length})\u00a0:`));
    for (const r of left) out.push(`  ${r.student.id}${r.student.name !== r.student.id ? ` (${r.student.name})` : ''} — ${r.status === 'absent' ? 'absent\u00a0: rien de remis' : r.why}`);
  }
  return out.join('\n');
}

function points(n: number | undefined): string {
  return n === undefined ? '—' : formatPoints(n);
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
