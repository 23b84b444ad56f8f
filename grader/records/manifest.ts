// The class as last read: who handed in what, and which record holds each copy's verdicts.
// Written before grading starts, so that `--rescore DIR` can render every output again without
// the hand-ins; and so that a copy not graded is never forgotten by a later render.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Submission } from '../intake/hand-ins';
import { GradingError } from '../scoring';
import { writeAtomically } from './atomic';

export interface ManifestStudent {
  id: string;
  name: string;
  moodle?: { participant: string; folder: string };
  source: string;
  state: Submission['state'];
  reason?: string;
  notes: string[];
  partSources?: Partial<Record<number, string>>;
  /** The record of its verdicts (gradable copies only). */
  key?: string;
}

export interface Manifest {
  format: 1;
  /** The class's name, as the class page titles it. */
  title: string;
  seed: number;
  students: ManifestStudent[];
}

export const MANIFEST_FILE = 'classe.json';

export function manifestOf(title: string, submissions: Submission[], keys: Map<Submission, string>, seed: number): Manifest {
  return {
    format: 1,
    title,
    seed,
    students: submissions.map((s) => ({
      id: s.id,
      name: s.name,
      moodle: s.moodle,
      source: s.source,
      state: s.state,
      reason: s.reason,
      notes: s.notes,
      partSources: s.partSources,
      key: keys.get(s),
    })),
  };
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  writeAtomically(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n');
}

export function readManifest(outDir: string): Manifest {
  const file = path.join(outDir, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new GradingError(missing ? `${outDir} ne contient pas de classe notée (pas de ${MANIFEST_FILE})` : `${file} illisible`);
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.students) || typeof manifest.seed !== 'number') throw new GradingError(`${file} invalide`);
  return manifest;
}
