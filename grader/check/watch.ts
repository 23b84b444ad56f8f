// `npm run check -- 2 --watch`: re-runs a part after each save of its files.
//
// Node's own fs.watch, not a watcher package: with `recursive` it covers a part's folder on
// Windows, macOS and (since Node 20) Linux, which is all a part needs (a handful of .ts files);
// chokidar would add a dependency to every student's install for polling fallbacks and glob
// options this folder does not need. Editors save in bursts (write, rename, chmod, a backup
// file): events are gathered until the folder has been quiet for QUIET_MS, and a run never
// starts while another is going; a save during a run queues one more run after it.
import * as fs from 'node:fs';

export const QUIET_MS = 200;

export interface Watched {
  part: number;
  dir: string;
}

export interface Watcher {
  /** Queues a run of `parts` now, as a save would (the first run goes through here too). */
  runNow(parts: number[]): void;
  close(): void;
}

/** A file whose change matters: a .ts or .py file, or an event that does not say which file. */
export function matters(filename: string | Buffer | null): boolean {
  if (filename === null) return true;
  return /\.(ts|py)$/.test(String(filename));
}

/**
 * Calls `run(parts)` with the parts whose files changed, once the saves have settled, one run
 * at a time. `onError` gets a French line when a folder cannot be watched (removed, renamed).
 */
export function watchParts(targets: Watched[], run: (parts: number[]) => Promise<void>, onError: (message: string) => void, quietMs = QUIET_MS): Watcher {
  const pending = new Set<number>();
  const watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let closed = false;

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || closed || pending.size === 0) return;
    running = true;
    const parts = [...pending].sort((a, b) => a - b);
    pending.clear();
    try {
      await run(parts);
    } finally {
      running = false;
      if (pending.size > 0) schedule();
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), quietMs);
  };

  for (const { part, dir } of targets) {
    let watcher: fs.FSWatcher;
    try {
      watcher = watchFolder(dir, (filename) => {
        if (!matters(filename)) return;
        pending.add(part);
        if (!running) schedule(); // during a run, flush() schedules it when the run ends
      });
    } catch (err) {
      onError(`impossible de surveiller ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    }
    watcher.on('error', (err: NodeJS.ErrnoException) => onError(`${dir} ne peut plus être surveillé (${err.code ?? err.message})\u00a0: a-t-il été déplacé ou supprimé\u00a0?`));
    watchers.push(watcher);
  }

  return {
    runNow(parts) {
      for (const part of parts) pending.add(part);
      if (!running) void flush();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/** fs.watch on the folder and its subfolders; the folder alone where recursion is unavailable. */
function watchFolder(dir: string, onEvent: (filename: string | Buffer | null) => void): fs.FSWatcher {
  try {
    return fs.watch(dir, { recursive: true }, (_event, filename) => onEvent(filename));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') throw err;
    return fs.watch(dir, (_event, filename) => onEvent(filename));
  }
}
