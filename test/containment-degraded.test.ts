// Containment without any sandbox (TP_SANDBOX=off, as on a machine without bubblewrap): the
// programs can reach the worker that runs their tests, so the supervisor must notice when a
// copy kills or stops it, give that copy's tests in flight a verdict that says so, and grade
// every other copy as usual; detached children are still found and killed.
process.env.TP_SANDBOX = 'off';

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES, type TestCase } from '../grader/cases';
import { gradeCopies, type GradedCopy } from '../grader/grading/class-run';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { expectLine } from '../grader/harness/expect';
import { survivorsOfRun } from '../grader/grading/supervisor';
import { sandboxLayers } from '../grader/sandbox/layers';
import { waitFor } from '../grader/harness/timing';
import { ROOT } from './cli';
import { hostileCopies, materializeHostile } from './fixtures/hostile';

const KILLERS = ['signale son parent (SIGTERM)', 'suspend son parent (SIGSTOP)'];
const ESCAPER = 'lance 20 enfants détachés et un double fork (setsid)';
const hostiles = hostileCopies(ROOT).filter((h) => [...KILLERS, ESCAPER].includes(h.name));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-degraded-'));
let graded: GradedCopy[];

beforeAll(async () => {
  const honest = path.join(root, 'honnete');
  fs.cpSync(path.join(ROOT, 'solutions'), honest, { recursive: true });
  const copies = [copyOfFolder(honest), ...hostiles.map((h) => copyOfFolder(materializeHostile(h, path.join(ROOT, 'solutions'), root), h.name))];
  const byId = new Map(ALL_CASES.map((c) => [c.id, c]));
  graded = await gradeCopies(copies, 7, 4, {}, { casesOf: (i) => (i === 0 ? ALL_CASES : hostiles[i - 1].cases.map((id) => byId.get(id)!)) });
}, 300_000);

afterAll(() => {
  delete process.env.TP_SANDBOX;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('confinement dégradé (TP_SANDBOX=off) : le superviseur', () => {
  it('dit que le confinement est désactivé', () => {
    expect(sandboxLayers().box).toBe(false);
    expect(sandboxLayers().missing.join('\n')).toMatch(/TP_SANDBOX=off/);
  });

  it('donne à la copie honnête, notée dans le même passage, tous ses points', () => {
    expect(graded[0].verdicts.filter((v) => v.status !== 'passed').map((v) => `${v.id}: ${v.feedback}`)).toEqual([]);
  });

  it.each(KILLERS)('copie qui %s : ses tests sont notés « correcteur arrêté par la copie », les autres copies continuent', (name) => {
    const { verdicts } = graded[1 + hostiles.findIndex((h) => h.name === name)];
    expect(verdicts.map((v) => v.id)).toEqual(hostiles.find((h) => h.name === name)!.cases);
    for (const v of verdicts) {
      expect(v.status).toBe('failed');
      expect(v.feedback).toMatch(/correcteur a été arrêté par la copie|la copie a arrêté le correcteur/);
    }
  });

  it("un programme étranger qui se connecte au serveur de la copie est un incident du correcteur, pas une faute de l'étudiant", async () => {
    const echo = ALL_CASES.find((c) => c.id === 'p2-echo-ordre')!;
    const strangers: ChildProcess[] = [];
    // The server of Partie II serves one client: a stranger served first leaves the test's client unserved.
    const invaded: TestCase = {
      ...echo,
      async run(t) {
        const { port } = await t.startServer();
        const stranger = spawn(process.execPath, ['-e', `require('node:net').connect(${port}, '127.0.0.1').on('connect', () => console.log('connecté')); setTimeout(() => {}, 20000)`]);
        strangers.push(stranger);
        await new Promise((r) => stranger.stdout!.once('data', r));
        const conn = await t.connect(port);
        await conn.send('bonjour\n');
        await expectLine(conn, 'bonjour');
      },
    };
    const verdict = await runCase(invaded, copyOfFolder(path.join(ROOT, 'solutions')), 1);
    strangers.forEach((s) => s.kill('SIGKILL'));
    expect(verdict.status).toBe('error');
    expect(verdict.incidents).toHaveLength(2);
    expect(verdict.feedback).toMatch(/programme étranger au test s'est connecté au serveur de la copie/);
    expect(verdict.feedback).toMatch(/n'est pas noté/);
  });

  it('les enfants détachés sont retrouvés et tués', async () => {
    await waitFor(() => (survivorsOfRun().length === 0 ? true : undefined), 3000);
    expect(survivorsOfRun()).toEqual([]);
  });
});
