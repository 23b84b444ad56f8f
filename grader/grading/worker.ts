// A worker: the process that runs tests, one copy at a time, for the supervisor
// (supervisor.ts). It lives in a network namespace of its own when the machine allows it, so
// that the copy's programs and the harness talking to them are alone on their loopback. If a
// copy manages to kill or stop it anyway, the supervisor notices and carries on.
import { ALL_CASES } from '../cases';
import { launchListeners } from '../harness/launcher';
import { releasePorts } from '../harness/ports';
import { removeBuilds } from '../harness/transpile';
import { needsPython } from '../languages';
import { findPython } from '../languages/python-interpreter';
import type { FromWorker, ToWorker } from './protocol';
import { pool, runCase } from './runner';

function send(message: FromWorker): void {
  process.send?.(message);
}

launchListeners.push((record) => send({ type: 'spawned', ...record }));

const byId = new Map(ALL_CASES.map((c) => [c.id, c]));

// Each worker finds its own layers (sandboxLayers(), at the first program it starts): it may
// see the machine differently from the supervisor (its own network, its own TMPDIR).
process.on('message', async (message: ToWorker) => {
  const { index, copy, caseIds, seed, jobs } = message;
  // Likewise its Python, before the copy's first test: the search is the grader's time, not a test's.
  if (needsPython([copy])) await findPython();
  void pool(caseIds, jobs, async (id) => {
    send({ type: 'started', index, id });
    const verdict = await runCase(byId.get(id)!, copy, seed);
    send({ type: 'verdict', index, verdict });
  }).then(() => {
    // The copy's builds and ports are no longer needed; the next copy starts clean.
    removeBuilds();
    releasePorts();
    collectGarbage();
    const cpu = process.cpuUsage();
    send({ type: 'done', index, cpuMs: (cpu.user + cpu.system) / 1000 });
  });
});

/**
 * A full collection between two copies. Left to itself, V8 on a machine with plenty of memory
 * lets a worker's heap grow over several copies before it collects: measured on a class of 20,
 * a worker's resident memory climbed from 160 to 335 MiB, then fell back to 185 MiB at one
 * collection. Collecting here, when no test is running, keeps it near one copy's worth.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// The supervisor went away (it closed the channel): nothing left to do.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready', pid: process.pid });
