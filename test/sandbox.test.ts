// The box around one student program (grader/sandbox, grader/harness/launcher.ts): what it
// shows the program, how a signal reaches the program and not its box, how its exit is read,
// and how a box that fails to start is told apart from a program that fails.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { launch, nodeProgram, type StudentProcess } from '../grader/harness/launcher';
import { waitFor } from '../grader/harness/timing';
import { describeLayers, sandboxLayers } from '../grader/sandbox/layers';

const layers = sandboxLayers();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-sandbox-test-'));
fs.chmodSync(dir, 0o755);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `code` as a student program and waits for its end. */
async function run(code: string, args: string[] = []): Promise<StudentProcess> {
  const file = `p${Math.random().toString(36).slice(2)}.js`;
  fs.writeFileSync(path.join(dir, file), code);
  const proc = launch('test', nodeProgram(dir, file, args));
  await proc.gone;
  return proc;
}

describe('le bac à sable', () => {
  it('dit en une ligne française quelles protections sont actives', () => {
    expect(describeLayers(layers)).toMatch(/^Confinement\u00a0: .+\.$/m);
  });

  const boxed = layers.box ? describe : describe.skip;

  boxed('avec bubblewrap', () => {
    it('le programme ne voit que ses propres processus, sa partie et un /tmp vide', async () => {
      const p = await run(`const fs = require('fs');
        console.log(JSON.stringify({ pids: fs.readdirSync('/proc').filter((d) => /^\\d+$/.test(d)), root: fs.readdirSync('/').sort(), tmp: fs.readdirSync('/tmp'), ppid: process.ppid }));`);
      const seen = JSON.parse(p.stdout.text());
      expect(seen.pids).toEqual(['1', '2']);
      expect(seen.root).not.toContain('work');
      expect(seen.root).not.toContain('root');
      expect(seen.tmp).toEqual([]);
      expect(seen.ppid).toBe(1);
    });

    it("un signal atteint le programme lui-même, et sa mort par un signal se lit comme telle", async () => {
      const file = 'sig.js';
      fs.writeFileSync(path.join(dir, file), `process.on('SIGINT', () => { console.log('SIGINT reçu'); process.exit(0); }); console.log('prêt'); setTimeout(() => {}, 10000);`);
      const p = launch('test', nodeProgram(dir, file, []));
      await waitFor(() => (p.stdout.lines().includes('prêt') ? true : undefined), 4000);
      p.signal('SIGINT');
      await p.gone;
      expect(p.stdout.lines()).toEqual(['prêt', 'SIGINT reçu']);
      expect(p.exit).toEqual({ code: 0, signal: null });
      const killed = await run(`process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 1000);`);
      expect(killed.exit).toEqual({ code: null, signal: 'SIGTERM' });
    });

    it("un bac à sable qui ne démarre pas est une faute de l'environnement, qu'un programme ne peut pas imiter", async () => {
      const broken = launch('test', nodeProgram(path.join(dir, 'absent'), 'x.js', []));
      await broken.gone;
      expect(broken.sandboxFault).toMatch(/^le bac à sable n'a pas pu démarrer/);
      const pretender = await run(`console.error("bwrap: Can't find source path /copie: Permission denied"); process.exit(1);`);
      expect(pretender.sandboxFault).toBeUndefined();
      expect(pretender.exit).toEqual({ code: 1, signal: null });
    });
  });
});
