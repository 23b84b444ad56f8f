// Captures a child's stdout or stderr up to a cap. The stream is read to its end whatever its
// size: a pipe nobody reads fills up and blocks the child forever.
import type { Readable } from 'node:stream';

export const OUTPUT_CAP = 1 << 20; // 1 MiB per stream

export class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** Bytes received beyond the cap and dropped. */
  dropped = 0;

  constructor(stream: Readable | null, private readonly cap = OUTPUT_CAP) {
    stream?.on('data', (chunk: Buffer) => this.push(chunk));
  }

  private push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (room > 0) {
      const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(kept);
      this.size += kept.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(room, 0));
  }

  bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks));
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  /** The complete lines so far (without their "\n"; a "\r" before it is removed too). */
  lines(): string[] {
    const text = this.text();
    const end = text.lastIndexOf('\n');
    if (end === -1) return [];
    return text.slice(0, end).split('\n').map((l) => l.replace(/\r$/, ''));
  }
}
