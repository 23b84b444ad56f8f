// Captures a child's stdout or stderr up to a cap. The stream is read to its end whatever its
// size: a pipe nobody reads fills up and blocks the child forever. What is kept is one growing
// buffer whose complete lines are decoded once, as they arrive: the harness polls lines() every
// few ms, and re-decoding a full megabyte at each poll made a flooding copy cost the grader
// seconds of CPU. Bytes beyond the cap are counted and dropped, never looked at.
import type { Readable } from 'node:stream';

export const OUTPUT_CAP = 1 << 20; // 1 MiB per stream

export class Capture {
  private buffer = Buffer.alloc(0);
  private size = 0;
  /** Bytes received beyond the cap and dropped. */
  dropped = 0;
  private readonly complete: string[] = [];
  /** Offset of the first byte of the line not yet complete. */
  private lineStart = 0;
  private cachedText?: string;

  constructor(stream: Readable | null, private readonly cap = OUTPUT_CAP) {
    stream?.on('data', (chunk: Buffer) => this.push(chunk));
  }

  private push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (room <= 0) {
      this.dropped += chunk.length;
      return;
    }
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.dropped += chunk.length - kept.length;
    if (this.size + kept.length > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(this.cap, Math.max(this.size + kept.length, this.buffer.length * 2, 4096)));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    kept.copy(this.buffer, this.size);
    const from = this.size;
    this.size += kept.length;
    this.cachedText = undefined;
    for (let nl = this.buffer.indexOf(0x0a, from); nl !== -1 && nl < this.size; nl = this.buffer.indexOf(0x0a, nl + 1)) {
      const end = nl > this.lineStart && this.buffer[nl - 1] === 0x0d ? nl - 1 : nl;
      this.complete.push(this.buffer.toString('utf8', this.lineStart, end));
      this.lineStart = nl + 1;
    }
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  text(): string {
    this.cachedText ??= this.buffer.toString('utf8', 0, this.size);
    return this.cachedText;
  }

  /** The complete lines so far (without their "\n"; a "\r" before it is removed too). Do not modify. */
  lines(): readonly string[] {
    return this.complete;
  }
}
