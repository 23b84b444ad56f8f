// A class run interrupted (Ctrl-C) and started again: the interruption leaves no student program
// running and no temporary folder behind, every verdict obtained is already stored, and the
// second run grades only the copies still missing, ending with the very gradebook a run without
// interruption gives.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '../grader/harness/timing';
import { processTree } from '../grader/sandbox/proc';
import { buildClassFolder, EXPECTED_GRADEBOOK } from './class-fixtures';
import { LOADER, ROOT, runCliEnv } from './cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-reprise-'));
const classDir = path.join(work, 'classe');
const out = path.join(work, 'notes');
const tmp = path.join(work, 'tmp');
fs.mkdirSync(tmp);
const env = { ...process.env, TMPDIR: tmp, NO_COLOR: '1' };
const IDS = ['partiel', 'sans-partie-3', 'compile-pas', 'vide'];

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Records whose every verdict is in. */
function completeRecords(): number {
  const dir = path.join(out, 'verdicts');
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).complete === true;
      } catch {
        return false;
      }
    }).length;
}

/** Processes whose command line names our temporary folder: the students' programs. */
function programsLeft(): string[] {
  const left: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(tmp) && !cmdline.includes('grade.ts')) left.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone while we looked.
    }
  }
  return left;
}

/**
 * Whether a student's program runs below the grader `pid` (worker → box → program): a boxed
 * program's command line names /copie, not our folder, and lives a few ms on a fast machine.
 */
function studentRunsUnder(pid: number): boolean {
  return processTree(pid).some((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('/copie/');
    } catch {
      return false;
    }
  });
}

describe('reprise après interruption', () => {
  it('Ctrl-C : aucun programme ni dossier temporaire restant ; relancée, la notation ne fait que ce qui manque', async () => {
    buildClassFolder(classDir, IDS);
    const child = spawn(process.execPath, ['-r', LOADER, 'grader/cli/grade.ts', classDir, '--jobs', '1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Interrupt once the first copy is stored, while the next one is being graded.
    const stored = await waitFor(() => (completeRecords() >= 1 ? true : undefined), 90_000, 20);
    expect(stored.ok).toBe(true);
    // …and while a student's program runs, so that the check below means something.
    expect((await waitFor(() => (programsLeft().length > 0 || studentRunsUnder(child.pid!) ? true : undefined), 30_000, 5)).ok).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('3 copies à noter.');

    const gone = await waitFor(() => (programsLeft().length === 0 ? true : undefined), 3000, 20);
    expect(gone.ok ? [] : programsLeft()).toEqual([]);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('tp-micro-') && f !== 'tp-micro-ports')).toEqual([]);
    const done = completeRecords();
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(3);

    const again = await runCliEnv({ TMPDIR: tmp, NO_COLOR: '1' }, 'grade.ts', classDir, '--jobs', '2');
    expect(again.stderr).toContain(`${3 - done} copie${3 - done > 1 ? 's' : ''} à noter (${done} déjà notée${done > 1 ? 's' : ''}, non relancée${done > 1 ? 's' : ''}).`);
    expect(again.code).toBe(0);
    const expected = EXPECTED_GRADEBOOK.filter((line, i) => i === 0 || IDS.includes(line.split(',')[0]));
    expect(fs.readFileSync(path.join(out, 'notes.csv'), 'utf8')).toBe(expected.join('\r\n') + '\r\n');
  }, 180_000);
});
