// One student program in its own box: the bubblewrap command line that states everything the
// program may see and do (the style of isolate and nsjail: the policy on one line), or, where
// bubblewrap cannot run, the plain command with whatever limits still apply.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY } from './policy';

/** A program to run: an interpreter, a script in a folder, arguments. Language-neutral. */
export interface Program {
  /** The folder that holds the script (the part's build): read-only inside the box. */
  dir: string;
  /** Absolute path of the interpreter (node, python3). */
  interpreter: string;
  /** Its flags, before the script. */
  interpreterArgs: string[];
  /**
   * Flags added only where no address-space limit applies (no prlimit): the interpreter's own
   * bound on its memory. Measured here, any V8 flag (--max-old-space-size, --stack-size…)
   * costs each Node start about 20 ms of CPU, a third of it; under prlimit --as it is not needed.
   */
  unlimitedArgs?: string[];
  /** The script, relative to `dir`. */
  script: string;
  args: string[];
  /** Variables the language needs (PYTHONUNBUFFERED…), on top of the minimal environment. */
  env?: Record<string, string>;
}

/** How to spawn a program: command, arguments, and the spawn options that matter. */
export interface SpawnPlan {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** True when the plan runs the program inside bubblewrap. */
  boxed: boolean;
  /**
   * With `argsFd`: bubblewrap's arguments, to write NUL-separated on that descriptor, so that
   * the box's first process (which the program can see) shows only `bwrap --args N`.
   */
  hiddenArgs?: string[];
}

export interface SandboxSettings {
  /** bubblewrap's path, when boxes work on this machine. */
  bwrap?: string;
  /** prlimit's path, when it exists: resource limits, boxed or not. */
  prlimit?: string;
  /** Host uid (and gid) the program runs as, when the grader is root. */
  uid?: number;
}

/** The environment of every student program: nothing of the grader's, no NODE_OPTIONS, no secrets. */
export function minimalEnvironment(inBox: boolean, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (inBox) {
    Object.assign(env, { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', LANG: 'C.UTF-8' });
  } else {
    // Outside a box the program runs on the student's or teacher's own system: keep what it needs to find itself.
    const keep = ['PATH', 'Path', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR', 'LANG', 'LC_ALL'];
    for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  env.NO_COLOR = '1';
  return Object.assign(env, extra);
}

/** prlimit's arguments for the policy's limits (prlimit then execs the program, same pid). */
export function limitArgs(prlimit: string): string[] {
  const l = POLICY.limits;
  return [
    prlimit,
    `--nproc=${l.processes}`,
    `--fsize=${l.fileSizeBytes}`,
    `--nofile=${l.openFiles}`,
    `--as=${l.addressSpaceBytes}`,
    `--core=${l.coreBytes}`,
    '--',
  ];
}

/** The read-only view of the system a program needs to start: /usr and friends, a few files of /etc. */
function systemMounts(): string[] {
  const args: string[] = [];
  for (const dir of POLICY.systemDirs) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', fs.readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  for (const file of POLICY.etcFiles) if (fs.existsSync(file)) args.push('--ro-bind', file, file);
  return args;
}

/** An interpreter installed outside the system folders (nvm, pyenv, /opt) is shared read-only too. */
function interpreterMounts(interpreter: string): string[] {
  const real = fs.realpathSync(interpreter);
  const covered = POLICY.systemDirs.some((d) => real === d || real.startsWith(d + '/'));
  if (covered) return [];
  const prefix = path.dirname(path.dirname(real)); // …/bin/node → its installation folder
  return ['--ro-bind', prefix, prefix];
}

/** bubblewrap's arguments for a box around `program` (everything up to the command itself). */
export function boxArgs(program: Program, infoFd?: number): string[] {
  const inside = POLICY.mountPoint;
  return [
    // Namespaces: its own processes (it sees and signals only its own), users, IPC, host name.
    '--unshare-user', '--uid', String(POLICY.insideUid), '--gid', String(POLICY.insideUid),
    '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--hostname', POLICY.hostname,
    // No namespace of its own below this one, no controlling terminal to inject keys into.
    '--disable-userns', '--new-session',
    // When the grader dies, the box dies, and with its first process every process in it.
    '--die-with-parent',
    // Files: the system read-only, its own part read-only, a small private /tmp; nothing else.
    ...systemMounts(),
    ...interpreterMounts(program.interpreter),
    '--proc', '/proc', '--dev', '/dev',
    '--size', String(POLICY.tmpBytes), '--tmpfs', '/tmp',
    '--ro-bind', program.dir, inside, '--chdir', inside,
    ...(infoFd !== undefined ? ['--info-fd', String(infoFd)] : []),
    '--',
  ];
}

/**
 * The plan for `program`: inside bubblewrap when it works here, else as a plain process. With
 * `argsFd`, the box's command line is handed over on that descriptor instead of argv.
 */
export function planSpawn(program: Program, settings: SandboxSettings, infoFd?: number, argsFd?: number, startedFd?: number): SpawnPlan {
  const limits = settings.prlimit ? limitArgs(settings.prlimit) : [];
  // Inside the box, a shell writes one byte on `startedFd` and closes it just before the
  // program takes its place: no byte means the box never got that far (the sandbox's fault,
  // not the program's), and the program, started after, cannot pretend otherwise.
  const trampoline = startedFd !== undefined ? ['/bin/sh', '-c', `printf . >&${startedFd} && exec "$@" ${startedFd}>&-`, 'sh'] : [];
  const ids = { uid: settings.uid, gid: settings.uid };
  const flags = limits.length > 0 ? program.interpreterArgs : [...program.interpreterArgs, ...(program.unlimitedArgs ?? [])];
  if (!settings.bwrap) {
    const [command, ...args] = [...limits, program.interpreter, ...flags, path.join(program.dir, program.script), ...program.args];
    return { command, args, cwd: program.dir, env: minimalEnvironment(false, program.env), ...ids, boxed: false };
  }
  const inner = [...trampoline, ...limits, program.interpreter, ...flags, `${POLICY.mountPoint}/${program.script}`, ...program.args];
  const all = [...boxArgs(program, infoFd), ...inner];
  const env = minimalEnvironment(true, program.env);
  if (argsFd === undefined) return { command: settings.bwrap, args: all, cwd: '/', env, ...ids, boxed: true };
  // bubblewrap reads options from the descriptor; the command and its arguments stay after them.
  const split = all.indexOf('--');
  return { command: settings.bwrap, args: ['--args', String(argsFd), ...all.slice(split)], hiddenArgs: all.slice(0, split), cwd: '/', env, ...ids, boxed: true };
}
