// A private network namespace for a worker (the process that runs a copy's tests), made by
// bubblewrap: its own loopback, on which only that copy's programs and the harness talk. No
// program of another copy can reach them, and no port can be taken by anything else.
import { spawnSync } from 'node:child_process';
import { boxArgs } from './box';
import { sandboxLayers } from './layers';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Buckets of the worker's own TCP hash table. By default a new network namespace shares the
 * machine's table (262 144 buckets on this 24 GiB machine), and every read of /proc/net/tcp —
 * which the harness does to tell a FIN from a RST and who holds a socket — walks all of it:
 * 4 ms a read, 0.7 s of the grader's CPU per copy. A table of its own (Linux 6.1 and later,
 * net.ipv4.tcp_child_ehash_entries) makes that walk a few µs; 4096 buckets still hold 2048
 * connections in TIME_WAIT, far more than a copy's tests leave.
 */
const WORKER_TCP_BUCKETS = 4096;

type NetworkPlan = 'own-table' | 'shared-table';

/** bubblewrap's arguments for a new network namespace that sees the rest of the machine as it is. */
function unshareNet(bwrap: string, user: string[]): string[] {
  return [bwrap, '--unshare-net', ...user, '--bind', '/', '/', '--dev-bind', '/dev', '/dev', '--die-with-parent', '--'];
}

/**
 * The command prefix that runs a worker in a private network namespace. With 'own-table', two
 * namespaces: the outer one only sets the size of the TCP table its children get (that setting
 * belongs to the outer namespace, which nobody else uses, not to the machine), and the worker
 * lives in the inner one. Without root, each namespace needs a user namespace of its own: in
 * the outer one the grader's user is root there (and only there) to write the setting, and the
 * inner one maps it back to itself. A kernel without the setting just keeps the shared table.
 */
function networkArgs(bwrap: string, plan: NetworkPlan): string[] {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const inner = unshareNet(bwrap, IS_ROOT ? [] : ['--unshare-user', ...(plan === 'own-table' ? ['--uid', String(uid), '--gid', String(gid)] : [])]);
  if (plan === 'shared-table') return inner;
  const outer = unshareNet(bwrap, IS_ROOT ? [] : ['--unshare-user', '--uid', '0', '--gid', '0', '--cap-add', 'ALL']);
  // In braces: the redirection of errors must come before the one that may fail (an older kernel, a read-only /proc/sys).
  const setTable = `{ echo ${WORKER_TCP_BUCKETS} > /proc/sys/net/ipv4/tcp_child_ehash_entries; } 2>/dev/null; exec "$@"`;
  return [...outer, '/bin/sh', '-c', setTable, 'sh', ...inner];
}

let plan: NetworkPlan | undefined;

/** bubblewrap's arguments that run a command in a new network namespace, seeing the rest of the machine as it is. */
export function privateNetworkArgs(bwrap: string): string[] {
  return networkArgs(bwrap, plan ?? 'shared-table');
}

let works: boolean | undefined;

/** Whether a worker can run in a private network and still start boxed programs there (probed once). */
export function privateNetworkWorks(): boolean {
  if (works !== undefined) return works;
  const layers = sandboxLayers();
  works = false;
  if (!layers.box || !layers.bwrap) return works;
  // A box inside the private network, as a worker would start one: with a TCP table of its
  // own if this machine allows the double namespace, or else the shared one.
  const inner = [layers.bwrap, ...boxArgs({ dir: '/tmp', interpreter: process.execPath, interpreterArgs: [], script: '', args: [] }), process.execPath, '--version'];
  for (const candidate of ['own-table', 'shared-table'] as const) {
    const [command, ...args] = [...networkArgs(layers.bwrap, candidate), ...inner];
    const r = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    if (r.status === 0) {
      plan = candidate;
      works = true;
      break;
    }
  }
  if (!works) layers.missing.push('pas de réseau privé par copie (bubblewrap --unshare-net a échoué)\u00a0: les connexions étrangères sont refusées par le correcteur, mais un serveur de copie reste joignable');
  return works;
}
