// A private network namespace for a worker (the process that runs a copy's tests), made by
// bubblewrap: its own loopback, on which only that copy's programs and the harness talk. No
// program of another copy can reach them, and no port can be taken by anything else.
import { spawnSync } from 'node:child_process';
import { boxArgs } from './box';
import { sandboxLayers } from './layers';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** bubblewrap's arguments that run a command in a new network namespace, seeing the rest of the machine as it is. */
export function privateNetworkArgs(bwrap: string): string[] {
  return [
    bwrap,
    '--unshare-net',
    // Without root, a network namespace needs a user namespace of its own.
    ...(IS_ROOT ? [] : ['--unshare-user']),
    '--bind', '/', '/', '--dev-bind', '/dev', '/dev',
    '--die-with-parent',
    '--',
  ];
}

let works: boolean | undefined;

/** Whether a worker can run in a private network and still start boxed programs there (probed once). */
export function privateNetworkWorks(): boolean {
  if (works !== undefined) return works;
  const layers = sandboxLayers();
  works = false;
  if (!layers.box || !layers.bwrap) return works;
  // A box inside the private network, as a worker would start one.
  const inner = [layers.bwrap, ...boxArgs({ dir: '/tmp', interpreter: process.execPath, interpreterArgs: [], script: '', args: [] }), process.execPath, '--version'];
  const [command, ...args] = [...privateNetworkArgs(layers.bwrap), ...inner];
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  works = r.status === 0;
  if (!works) layers.missing.push('pas de réseau privé par copie (bubblewrap --unshare-net a échoué)\u00a0: les connexions étrangères sont refusées par le correcteur, mais un serveur de copie reste joignable');
  return works;
}
