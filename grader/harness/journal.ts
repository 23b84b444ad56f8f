// What a test did and saw, in order and timed, in French: shown to the student when the test
// fails, so that the feedback says what was sent and what came back.
export class Journal {
  private readonly start = performance.now();
  private readonly entries: string[] = [];

  add(text: string): void {
    const at = Math.round(performance.now() - this.start);
    this.entries.push(`[+${at}\u00a0ms] ${text}`);
  }

  /** The entries; a long journal (50 clients…) keeps its beginning and its end. */
  toString(): string {
    const head = 40;
    const tail = 20;
    if (this.entries.length <= head + tail) return this.entries.join('\n');
    const skipped = this.entries.length - head - tail;
    return [...this.entries.slice(0, head), `… (${skipped} entrées omises) …`, ...this.entries.slice(-tail)].join('\n');
  }
}

/** A failed expectation; `message` is the French feedback (« Attendu : … ; reçu : … »). */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Failure';
  }
}

export function fail(message: string): never {
  throw new Failure(message);
}

/**
 * A fault of the grader's environment, not of the copy: a port the grader chose was taken by
 * someone else, the sandbox could not start, a stranger reached the copy's server. The runner
 * names it, runs the test once more on fresh resources, and never scores it against the student.
 */
export class EnvironmentFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentFault';
  }
}
