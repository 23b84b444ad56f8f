// Containment, with every layer this machine has: hostile copies (test/fixtures/hostile.ts)
// graded in one run beside an honest copy of solutions/. Each hostile copy gets its expected
// verdict within a bound; the honest copy keeps every point; afterwards no process of the run
// is left, no file was written outside the grader's temporary folders, and neither the
// grader's secrets nor its seed appear in any feedback.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES } from '../grader/cases';
import { gradeCopies, type GradedCopy } from '../grader/grading/class-run';
import { copyOfFolder } from '../grader/grading/copy';
import { survivorsOfRun } from '../grader/grading/supervisor';
import { sandboxLayers } from '../grader/sandbox/layers';
import { privateNetworkWorks } from '../grader/sandbox/network';
import { DEADLINES, deadline, waitFor } from '../grader/harness/timing';
import { ROOT } from './cli';
import { hostileCopies, materializeHostile } from './fixtures/hostile';

/**
 * Each hostile test must end within this (ms): a broken program costs at most one ready deadline
 * and its cleanup on an idle machine. Deadlines are fair (grader/harness/timing.ts): a spinning
 * program that a loaded machine refuses the CPU is granted that time back, so the bound is the
 * whole test's own bound plus cleanup — "never hangs", not "as fast as on an idle machine".
 */
const BOUND_MS = deadline(DEADLINES.test) + 5_000;
const SEED = 3141592653;
const SECRET = `secret-du-correcteur-${process.pid}`;

const layers = sandboxLayers();
const fullBox = layers.box && privateNetworkWorks();
const hostiles = hostileCopies(ROOT).filter((h) => fullBox || !h.needsFullBox);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-hostile-'));
let graded: GradedCopy[];
let wallMs: number;

// The workers' temporary folders go here, to check they are all removed at the end.
const workersTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-tmpdir-'));

beforeAll(async () => {
  process.env.TP_SECRET_DU_CORRECTEUR = SECRET;
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = workersTmp;
  const honest = path.join(root, 'honnete');
  fs.cpSync(path.join(ROOT, 'solutions'), honest, { recursive: true });
  const copies = [copyOfFolder(honest), ...hostiles.map((h) => copyOfFolder(materializeHostile(h, path.join(ROOT, 'solutions'), root), h.name))];
  const byId = new Map(ALL_CASES.map((c) => [c.id, c]));
  const started = performance.now();
  try {
    graded = await gradeCopies(copies, SEED, 4, {}, { casesOf: (i) => (i === 0 ? ALL_CASES : hostiles[i - 1].cases.map((id) => byId.get(id)!)) });
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  wallMs = performance.now() - started;
}, 300_000);

afterAll(() => {
  delete process.env.TP_SECRET_DU_CORRECTEUR;
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(workersTmp, { recursive: true, force: true });
});

describe(`confinement (${fullBox ? 'bubblewrap et réseau privé' : 'sans bac à sable complet'})`, () => {
  it('la copie honnête, notée dans le même passage, garde tous ses points', () => {
    const failed = graded[0].verdicts.filter((v) => v.status !== 'passed').map((v) => `${v.id}: ${v.feedback}`);
    expect(failed).toEqual([]);
    expect(graded[0].verdicts).toHaveLength(ALL_CASES.length);
  });

  it.each(hostiles.map((h, i) => [h.name, i + 1] as const))('copie qui %s : verdict attendu, dans le temps imparti', (_name, index) => {
    const hostile = hostiles[index - 1];
    const { verdicts } = graded[index];
    expect(verdicts.map((v) => v.id)).toEqual(hostile.cases);
    for (const v of verdicts) {
      if (hostile.expect === 'passed') expect({ id: v.id, status: v.status, feedback: v.feedback }).toEqual({ id: v.id, status: 'passed', feedback: undefined });
      if (hostile.expect === 'failed') expect(['failed', 'timeout']).toContain(v.status);
      if (hostile.feedback) expect(v.feedback).toMatch(hostile.feedback);
      expect(v.durationMs).toBeLessThan(BOUND_MS);
    }
  });

  it('aucune trace du correcteur dans les retours : ni secret, ni graine, ni dépôt', () => {
    const everything = JSON.stringify(graded);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(String(SEED));
    expect(everything).not.toContain(`${path.join(ROOT, 'solutions', 'partie-2', 'serveur.ts')}=`);
    expect(everything).not.toMatch(/partie-1\.ts,partie-2\.ts/); // a listing of grader/cases
    if (fullBox) expect(everything).not.toMatch(/FOUILLE [^"]*écrit \//);
  });

  it('rien écrit hors des dossiers temporaires du correcteur, et ceux-ci sont retirés', () => {
    expect(fs.existsSync(path.join(ROOT, 'INTRUSION'))).toBe(false);
    expect(fs.existsSync('/tmp/tp-micro-intrusion')).toBe(false);
    // Builds and claims of the workers are gone; only the (empty) claim folders may stay, and
    // ts-node's own cache of the grader's modules (v8-compile-cache).
    const left = fs.readdirSync(workersTmp).flatMap((d) => {
      const full = path.join(workersTmp, d);
      if (/^v8-compile-cache-/.test(d)) return [];
      return fs.statSync(full).isDirectory() && fs.readdirSync(full).length === 0 && /^tp-micro-(ports|uids)$/.test(d) ? [] : [d];
    });
    expect(left).toEqual([]);
  });

  it('aucun processus du passage ne survit', async () => {
    // The kernel tears a box down within milliseconds; allow for a loaded machine.
    await waitFor(() => (survivorsOfRun().length === 0 ? true : undefined), 2000);
    expect(survivorsOfRun()).toEqual([]);
  });

  it('durée du passage affichée pour le rapport', () => {
    expect(wallMs).toBeGreaterThan(0);
    const lines = graded.map((g) => `${g.folder.slice(-60)} : ${g.verdicts.map((v) => `${v.id} ${v.status} ${v.durationMs} ms`).join(', ')}`);
    console.log(`confinement : ${graded.length} copies en ${(wallMs / 1000).toFixed(1)} s\n${lines.slice(1).join('\n')}`);
  });
});
