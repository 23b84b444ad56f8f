// npm run bench [-- --size N] [--json FICHIER] [--sans-naif]: grades a synthetic class
// (test/bench/class.ts) with `npm run grade`, then the naive way (one Jest process per copy),
// and prints for each the wall time, the CPU time, the peak memory of the largest process and
// the median time per copy, and the ratio naive/ours. Loopback only; every copy is bounded by
// the grader's own deadlines.
// npm run bench -- --quart-de-coeur [--fois N]: grades solutions/ N times (50 by default), then
// the untouched skeletons once, each in a cgroup limited to a quarter of a core
// (test/bench/quarter-core.ts), and says whether every grading gave the same marks.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildClass, mixFor, type Mix } from './class';
import { quarterCoreCheck } from './quarter-core';

const ROOT = path.join(__dirname, '..', '..');
const LOADER = path.join(ROOT, 'grader', 'boot', 'register.js');
const TIME = '/usr/bin/time';

export interface Measure {
  wall_s: number;
  cpu_s: number;
  /** Largest resident set of any single process of the run (GNU time's %M: the largest child too). */
  peak_mib: number;
  /** Median seconds per copy (ours: between two copies done; naive: one Jest run). */
  median_copy_s?: number;
}

/** Runs `args` under GNU time; resolves with its figures and the command's output. */
function timed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measure & { code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const report = path.join(os.tmpdir(), `tp-micro-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', report, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const [wall, user, sys, kib] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      fs.rmSync(report, { force: true });
      resolve({ wall_s: wall, cpu_s: user + sys, peak_mib: kib / 1024, code: code ?? 1, stdout, stderr });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function ours(classDir: string, out: string): Promise<Measure & { graded: number }> {
  const r = await timed([process.execPath, '-r', LOADER, 'grader/cli/grade.ts', classDir, '--out', out, '--jobs', String(4)], { NO_COLOR: '1' });
  // One line per copy done on a non-TTY: « [k/N] name : x/20 ». Their gaps give a time per copy.
  const records = fs.readdirSync(path.join(out, 'verdicts')).map((f) => fs.statSync(path.join(out, 'verdicts', f)).mtimeMs).sort((a, b) => a - b);
  const gaps = records.slice(1).map((t, i) => (t - records[i]) / 1000);
  if (r.code !== 0) process.stderr.write(r.stderr);
  return { wall_s: r.wall_s, cpu_s: r.cpu_s, peak_mib: r.peak_mib, median_copy_s: median(gaps), graded: records.length };
}

async function naive(folders: string[]): Promise<Measure> {
  let wall = 0;
  let cpu = 0;
  let peak = 0;
  const per: number[] = [];
  for (const [i, folder] of folders.entries()) {
    const r = await timed([process.execPath, require.resolve('jest/bin/jest'), '--selectProjects', 'naive', '--silent'], { TP_DOSSIER: folder });
    wall += r.wall_s;
    cpu += r.cpu_s;
    peak = Math.max(peak, r.peak_mib);
    per.push(r.wall_s);
    console.log(`  naïf ${i + 1}/${folders.length} : ${r.wall_s.toFixed(1)} s`);
  }
  return { wall_s: wall, cpu_s: cpu, peak_mib: peak, median_copy_s: median(per) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { size: { type: 'string' }, json: { type: 'string' }, 'sans-naif': { type: 'boolean' }, 'quart-de-coeur': { type: 'boolean' }, fois: { type: 'string' } },
  });
  if (values['quart-de-coeur']) {
    const times = Number(values.fois ?? 50);
    if (!Number.isInteger(times) || times < 1 || times > 500) {
      console.error(`Erreur\u00a0: --fois attend un entier de 1 à 500, pas «\u00a0${values.fois}\u00a0».`);
      process.exit(2);
    }
    process.exitCode = await quarterCoreCheck(times);
    return;
  }
  const size = Number(values.size ?? 100);
  if (!Number.isInteger(size) || size < 1 || size > 500) {
    console.error(`Erreur\u00a0: --size attend un entier de 1 à 500, pas «\u00a0${values.size}\u00a0».`);
    process.exit(2);
  }
  if (!fs.existsSync(TIME)) {
    console.error(`Erreur\u00a0: ${TIME} est absent (paquet Debian «\u00a0time\u00a0»)\u00a0: il mesure le temps processeur et la mémoire.`);
    process.exit(2);
  }
  const mix: Mix = mixFor(size);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-bench-'));
  try {
    const classDir = path.join(work, 'classe');
    const folders = buildClass(classDir, mix);
    console.log(`Classe de ${size} copies\u00a0: ${mix.reference} de référence, ${mix.broken} cassées, ${mix.untouched} intactes, ${mix.hanging} bloquées (${os.availableParallelism()} cœurs).`);
    const us = await ours(classDir, path.join(work, 'notes'));
    console.log(`nous   : ${round(us.wall_s)} s, CPU ${round(us.cpu_s)} s, mémoire max ${round(us.peak_mib)} Mio, médiane ${round(us.median_copy_s ?? 0, 2)} s par copie (${us.graded} copies notées)`);
    let them: Measure | undefined;
    if (!values['sans-naif']) {
      them = await naive(folders);
      console.log(`naïf   : ${round(them.wall_s)} s, CPU ${round(them.cpu_s)} s, mémoire max ${round(them.peak_mib)} Mio, médiane ${round(them.median_copy_s ?? 0, 2)} s par copie`);
    }
    const ratio = them ? round(them.wall_s / us.wall_s, 2) : undefined;
    if (values.json) {
      const { graded: _graded, ...oursFigures } = us;
      fs.writeFileSync(values.json, JSON.stringify({ size, mix, ours: oursFigures, naive: them ?? null, ratio: ratio ?? null }, null, 2) + '\n');
    }
    console.log(ratio !== undefined ? `rapport naïf/nous\u00a0: ${ratio}` : 'rapport naïf/nous\u00a0: non mesuré (--sans-naif)');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
