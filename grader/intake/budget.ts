// What one copy may still unpack, shared by every archive of that copy (nested ones included).
import { INTAKE_LIMITS, formatMegabytes } from './limits';
import { refuse } from './refusal';

export class Budget {
  private bytes: number = INTAKE_LIMITS.unpackedBytesPerCopy;
  private entries: number = INTAKE_LIMITS.unpackedEntriesPerCopy;

  /** Takes `bytes` (and one entry) from the budget, or refuses the copy. */
  take(bytes: number): void {
    this.bytes -= bytes;
    this.entries -= 1;
    if (this.bytes < 0) {
      refuse(`archive trop volumineuse\u00a0: plus de ${formatMegabytes(INTAKE_LIMITS.unpackedBytesPerCopy)} une fois décompressée (bombe de décompression\u00a0?)`);
    }
    if (this.entries < 0) refuse(`archive refusée\u00a0: plus de ${INTAKE_LIMITS.unpackedEntriesPerCopy} fichiers et dossiers`);
  }

  /** Bytes still allowed: a stream is cut when it goes past them. */
  get remainingBytes(): number {
    return this.bytes;
  }
}
