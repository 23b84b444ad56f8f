// Which layers of containment work on this machine, found once per process by trying them:
// bubblewrap (namespaces), a uid per box (root only), resource limits (prlimit). The grader
// says once which are active, and degrades clearly where one is missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planSpawn, type Program, type SandboxSettings } from './box';
import { POLICY } from './policy';

export interface Layers {
  /** bubblewrap works: each program in its own pid, mount, user, IPC and UTS namespaces. */
  box: boolean;
  /** Each box runs as its own unprivileged uid (the grader is root). */
  uidPerBox: boolean;
  /** Resource limits (processes, file size, open files, address space). */
  limits: boolean;
  bwrap?: string;
  prlimit?: string;
  /** French, one line each: why a layer is missing. */
  missing: string[];
}

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** The first executable called `name` on PATH (or in the usual system folders). */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/bin', '/usr/sbin'];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs `node --version` with the given settings; the first line of what went wrong, or undefined. */
function tryRun(settings: SandboxSettings, dir: string): string | undefined {
  // `node --version` answers in a few ms, and proves the interpreter is reachable from the box.
  const program: Program = { dir, interpreter: process.execPath, interpreterArgs: ['--version'], script: '', args: [] };
  const plan = planSpawn(program, settings);
  const args = plan.args.slice(0, -1); // drop the (empty) script
  const r = spawnSync(plan.command, args, { cwd: plan.cwd, env: plan.env, uid: plan.uid, gid: plan.gid, encoding: 'utf8', timeout: 10_000 });
  if (r.error) return r.error.message;
  if (r.status !== 0) return (r.stderr || `code ${r.status}`).trim().split('\n')[0];
  return undefined;
}

function probe(): Layers {
  const missing: string[] = [];
  const layers: Layers = { box: false, uidPerBox: false, limits: false, missing };
  if (process.env.TP_SANDBOX === 'off') {
    missing.push('confinement désactivé (TP_SANDBOX=off)\u00a0: les programmes tournent sans bac à sable');
    return layers;
  }
  if (process.platform !== 'linux') {
    missing.push(`pas de bac à sable sous ${process.platform}\u00a0: les programmes tournent comme des processus ordinaires`);
    return layers;
  }
  layers.prlimit = findExecutable('prlimit');
  layers.limits = layers.prlimit !== undefined;
  if (!layers.limits) missing.push('prlimit absent (paquet util-linux)\u00a0: pas de limites de processus, de fichiers ni de mémoire');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-probe-'));
  fs.chmodSync(dir, 0o755);
  try {
    const bwrap = findExecutable('bwrap');
    const probeUid = IS_ROOT ? POLICY.uidRange.first + POLICY.uidRange.count - 1 : undefined;
    if (!bwrap) {
      missing.push('bubblewrap absent (apt-get install bubblewrap)\u00a0: un programme pourrait voir et signaler les autres processus, lire les fichiers de la machine');
    } else {
      const withUid = probeUid !== undefined ? tryRun({ bwrap, prlimit: layers.prlimit, uid: probeUid }, dir) : 'non root';
      if (withUid === undefined) {
        Object.assign(layers, { box: true, uidPerBox: true, bwrap });
      } else {
        const plain = tryRun({ bwrap, prlimit: layers.prlimit }, dir);
        if (plain === undefined) {
          Object.assign(layers, { box: true, bwrap });
          if (IS_ROOT) missing.push(`pas d'uid par programme (${withUid})`);
        } else {
          missing.push(`bubblewrap ne peut pas créer de bac à sable ici (${plain})\u00a0: espaces de noms utilisateur désactivés\u00a0?`);
        }
      }
    }
    if (!layers.box && IS_ROOT && probeUid !== undefined && tryRun({ prlimit: layers.prlimit, uid: probeUid }, dir) === undefined) {
      layers.uidPerBox = true; // without namespaces, a uid of its own still keeps a program off the grader
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!IS_ROOT && !layers.box) missing.push("pas d'uid distinct (le correcteur ne tourne pas en root)");
  return layers;
}

let cached: Layers | undefined;

/** The layers of this machine (probed at the first call, about 50 ms). */
export function sandboxLayers(): Layers {
  cached ??= probe();
  return cached;
}

/** « Confinement : … » in French, for the grader's first lines. */
export function describeLayers(layers: Layers, privateNetwork?: boolean): string {
  const active: string[] = [];
  if (layers.box) active.push('bubblewrap (chaque programme ne voit que ses propres processus et sa partie, en lecture seule)');
  if (layers.uidPerBox) active.push('un uid par programme');
  if (layers.limits) active.push('limites prlimit (processus, taille de fichier, fichiers ouverts, mémoire)');
  if (privateNetwork) active.push('un réseau privé par copie');
  active.push('connexions du correcteur réservées au programme testé');
  const lines = [`Confinement\u00a0: ${active.join(', ')}.`];
  for (const m of layers.missing) lines.push(`  ⚠ ${m}`);
  return lines.join('\n');
}
