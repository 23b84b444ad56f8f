// The quarter-core check (npm run bench -- --quart-de-coeur): `npm run grade` on solutions/ N
// times, then on the untouched skeletons once, each inside a cgroup that may use a quarter of a
// core (25 ms of CPU every 100 ms), the grader and the students' programs together. Verdicts
// must not depend on the CPU the grader gets: every grading of the references gives full
// marks, the skeletons 0, each of their tests failing on its TODO (not on a deadline).
// Needs root and the cgroup cpu controller (v1 /sys/fs/cgroup/cpu/, or v2 cpu.max).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const LOADER = path.join(ROOT, 'grader', 'boot', 'register.js');
const QUOTA_US = 25_000;
const PERIOD_US = 100_000;

interface Cgroup {
  procs: string;
  remove(): void;
  describe: string;
}

/** A new cgroup limited to a quarter of a core, or why there cannot be one here. */
function quarterCore(): Cgroup | string {
  if (process.getuid?.() !== 0) return 'il faut être root pour créer un cgroup';
  const name = `tp-micro-quart-${process.pid}`;
  const v1 = '/sys/fs/cgroup/cpu';
  try {
    if (fs.existsSync(path.join(v1, 'cpu.cfs_quota_us'))) {
      const dir = path.join(v1, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
      fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(QUOTA_US));
      return { procs: path.join(dir, 'cgroup.procs'), remove: () => fs.rmdirSync(dir), describe: `cgroup v1 ${dir}, cpu.cfs_quota_us=${QUOTA_US} (période ${PERIOD_US})` };
    }
    const v2 = '/sys/fs/cgroup';
    if (fs.existsSync(path.join(v2, 'cgroup.controllers'))) {
      const dir = path.join(v2, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'cpu.max'), `${QUOTA_US} ${PERIOD_US}`);
      return { procs: path.join(dir, 'cgroup.procs'), remove: () => fs.rmdirSync(dir), describe: `cgroup v2 ${dir}, cpu.max=«\u00a0${QUOTA_US} ${PERIOD_US}\u00a0»` };
    }
  } catch (err) {
    return `cgroup impossible à créer (${(err as Error).message})`;
  }
  return 'pas de contrôleur cpu des cgroups sur cette machine';
}

interface Grading {
  score: number;
  wallS: number;
  notPassed: string[];
  outputs: string[];
}

/** `npm run grade -- FOLDER --json F` inside the cgroup. */
function gradeInside(cgroup: Cgroup, folder: string): Promise<Grading> {
  const json = path.join(os.tmpdir(), `tp-micro-quart-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // The shell joins the cgroup, then becomes the grader: everything it starts stays inside.
    const child = spawn('/bin/sh', ['-c', `echo $$ > '${cgroup.procs}' && exec "$@"`, 'sh', process.execPath, '-r', LOADER, 'grader/cli/grade.ts', folder, '--json', json], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const results = JSON.parse(fs.readFileSync(json, 'utf8')) as { score: number; tests: Array<{ number: string; name: string; score: number; max_score: number; output: string }> };
        const graded = results.tests.filter((t) => t.max_score > 0);
        resolve({
          score: results.score,
          wallS: (performance.now() - started) / 1000,
          notPassed: graded.filter((t) => t.score < t.max_score).map((t) => t.name),
          outputs: graded.map((t) => t.output),
        });
      } catch {
        reject(new Error(`pas de résultats (${stderr.trim().split('\n').pop()})`));
      } finally {
        fs.rmSync(json, { force: true });
      }
    });
  });
}

/** Returns the exit code: 0 when every grading gave what it should. */
export async function quarterCoreCheck(times: number): Promise<number> {
  const cgroup = quarterCore();
  if (typeof cgroup === 'string') {
    console.error(`Erreur\u00a0: ${cgroup}.`);
    return 2;
  }
  console.log(`Un quart de cœur\u00a0: ${cgroup.describe}.`);
  let full = 0;
  const walls: number[] = [];
  try {
    for (let i = 1; i <= times; i++) {
      const g = await gradeInside(cgroup, 'solutions');
      walls.push(g.wallS);
      if (g.score === 20) full++;
      console.log(`solutions ${i}/${times}\u00a0: ${g.score}/20 en ${g.wallS.toFixed(1)}\u00a0s${g.notPassed.length ? ` — perdus\u00a0: ${g.notPassed.join(', ')}` : ''}`);
    }
    const skeleton = await gradeInside(cgroup, 'exercises');
    const onTodo = skeleton.outputs.filter((o) => o.includes('TODO')).length;
    console.log(`squelettes\u00a0: ${skeleton.score}/20 en ${skeleton.wallS.toFixed(1)}\u00a0s, ${onTodo} tests sur ${skeleton.outputs.length} échouent sur leur TODO`);
    const sorted = [...walls].sort((a, b) => a - b);
    console.log(`Bilan\u00a0: 20/20 dans ${full} notations sur ${times} (de ${sorted[0].toFixed(1)} à ${sorted[sorted.length - 1].toFixed(1)}\u00a0s, médiane ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}\u00a0s)\u00a0; squelettes ${skeleton.score}/20.`);
    return full === times && skeleton.score === 0 && onTodo === skeleton.outputs.length ? 0 : 1;
  } finally {
    try {
      cgroup.remove();
    } catch (err) {
      console.error(`Le cgroup n'a pas pu être retiré (${(err as Error).message}).`);
    }
  }
}
