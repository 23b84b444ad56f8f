// What reading one hand-in may cost, stated once. A hand-in is untrusted input: every archive
// is unpacked into the copy's own temporary folder, and these bounds keep a hostile one (a zip
// bomb, millions of entries, archives nested without end) from filling the disk or the day.
export const INTAKE_LIMITS = {
  /** Bytes unpacked from archives for one copy, all nested archives together. */
  unpackedBytesPerCopy: 50 * 1024 * 1024,
  /** Files and folders unpacked for one copy. */
  unpackedEntriesPerCopy: 20_000,
  /** Entries read from one archive's directory, skipped ones included (node_modules…). */
  listedEntriesPerArchive: 200_000,
  /** An archive inside an archive inside an archive: deeper is refused. */
  archiveDepth: 3,
  /** Folders walked inside one copy while looking for its parts. */
  walkedEntriesPerCopy: 50_000,
  /** How deep a part may sit inside a copy (tp/exercises/partie-2 is 3). */
  searchDepth: 8,
  /** A part's .ts files, each and together: student code is a few kilobytes. */
  tsFileBytes: 1024 * 1024,
  partBytes: 5 * 1024 * 1024,
} as const;

/** Folders never read: dependencies, version control, macOS resource forks. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '__MACOSX']);

export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))}\u00a0Mo`;
}
