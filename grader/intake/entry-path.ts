// The path of an entry inside an archive, checked before anything is written: never absolute,
// never through `..`, and a symbolic link never points outside the copy.
import * as path from 'node:path';
import { SKIPPED_FOLDERS } from './limits';
import { refuse } from './refusal';

export type EntryPath = { rel: string; skipped?: false } | { rel: string; skipped: true };

/** The entry's relative path with '/' separators; refuses a path that leaves the copy. */
export function checkEntryPath(name: string): EntryPath {
  const unixName = name.replace(/\\/g, '/');
  if (unixName.startsWith('/') || /^[A-Za-z]:\//.test(unixName)) {
    refuse(`archive refusée\u00a0: le chemin absolu «\u00a0${shown(name)}\u00a0» écrirait hors du dossier de la copie`);
  }
  const segments = unixName.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) refuse(`archive refusée\u00a0: le chemin «\u00a0${shown(name)}\u00a0» sort du dossier de la copie (zip-slip)`);
  const rel = segments.join('/');
  const skipped = segments.some((s) => SKIPPED_FOLDERS.has(s)) || segments.at(-1) === '.DS_Store';
  return skipped ? { rel, skipped: true } : { rel };
}

/** Refuses a symbolic link whose target is outside the copy; one inside is simply not created. */
export function checkLinkTarget(rel: string, target: string): void {
  const unixTarget = target.replace(/\\/g, '/');
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), unixTarget));
  if (unixTarget.startsWith('/') || /^[A-Za-z]:\//.test(unixTarget) || resolved === '..' || resolved.startsWith('../')) {
    refuse(`archive refusée\u00a0: le lien symbolique «\u00a0${shown(rel)}\u00a0» pointe hors de la copie (vers «\u00a0${shown(target)}\u00a0»)`);
  }
}

/** Where an entry goes: inside `dir`, checked once more after resolution. */
export function destination(dir: string, rel: string): string {
  const target = path.resolve(dir, rel);
  if (!target.startsWith(path.resolve(dir) + path.sep)) refuse(`archive refusée\u00a0: le chemin «\u00a0${shown(rel)}\u00a0» sort du dossier de la copie`);
  return target;
}

/** A name as the teacher may see it: control characters shown, length bounded. */
export function shown(name: string): string {
  const visible = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return visible.length > 120 ? `${visible.slice(0, 117)}…` : visible;
}
