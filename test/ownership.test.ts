// A test's sockets belong to the test: the harness server grades only a connection that comes
// from the program under test. A stranger that connects first, and writes the line the test
// waits for, is refused and logged, never graded.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ALL_CASES, type TestCase } from '../grader/cases';
import { copyOfFolder } from '../grader/grading/copy';
import { runCase } from '../grader/grading/runner';
import { expectLine } from '../grader/harness/expect';
import { fail } from '../grader/harness/journal';
import { ROOT } from './cli';

const strangers: ChildProcess[] = [];
afterAll(() => strangers.forEach((s) => s.kill('SIGKILL')));

describe('connexions du correcteur', () => {
  it("une connexion d'un programme étranger au test est refusée et consignée, celle du client testé est notée", async () => {
    const base = ALL_CASES.find((c) => c.id === 'p1-client-echange')!;
    let journal = '';
    const invaded: TestCase = {
      ...base,
      async run(t) {
        const server = await t.listen();
        // The stranger writes exactly what the test expects from the student's client.
        const stranger = spawn(process.execPath, ['-e', `const s = require('node:net').connect(${server.port}, '127.0.0.1', () => { s.write('bonjour\\n'); console.log('envoyé'); }); s.on('error', () => {}); setTimeout(() => {}, 20000)`]);
        strangers.push(stranger);
        await new Promise((r) => stranger.stdout!.once('data', r));
        const client = t.start('client', [String(server.port), 'message du client']);
        const conn = await t.acceptFrom(server, client);
        await expectLine(conn, 'message du client');
        journal = t.journal.toString();
        fail('fin du scénario'); // shows the journal in the verdict
      },
    };
    const verdict = await runCase(invaded, copyOfFolder(path.join(ROOT, 'solutions')), 1);
    expect(verdict.feedback).toMatch(/^fin du scénario/);
    expect(journal).toMatch(/connexion d'un programme étranger au test refusée/);
  });
});
