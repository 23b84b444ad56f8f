// Runs test cases against submissions: one process, a bounded number of cases at once. This is
// what `npm run grade` uses for a whole class, and what the Jest adapter calls for one case.
import { TestContext } from '../harness/context';
import { EnvironmentFault, Failure } from '../harness/journal';
import { DEADLINES, deadline, fairDelay, formatMs, testClock } from '../harness/timing';
import { partDirName } from '../harness/transpile';
import { buildFor, type LanguageBuild, type LanguageId } from '../languages';
import type { TestCase } from '../cases/types';
import type { Copy } from './copy';

export type Status = 'passed' | 'failed' | 'timeout' | 'error';

/** What a test found. Points are not stored: the barème turns verdicts into points. */
export interface Verdict {
  id: string;
  part: number;
  title: string;
  status: Status;
  /** French feedback for a verdict other than 'passed'. */
  feedback?: string;
  durationMs: number;
  /** Faults of the grader's environment met on the way (the test was then run once more): never the student's. */
  incidents?: string[];
  /** The language the part was run in, when its folder was found (grader/languages). */
  language?: LanguageId;
}

/** Runs one case against one copy; never throws. */
export async function runCase(testCase: TestCase, copy: Copy, seed: number): Promise<Verdict> {
  const started = performance.now();
  let language: LanguageId | undefined;
  const verdict = (status: Status, feedback?: string, incidents?: string[]): Verdict => ({
    id: testCase.id,
    part: testCase.part,
    title: testCase.title,
    status,
    feedback,
    durationMs: Math.round(performance.now() - started),
    ...(incidents && incidents.length > 0 ? { incidents } : {}),
    ...(language ? { language } : {}),
  });

  const partDir = copy.parts[testCase.part];
  if (partDir === undefined) {
    return verdict('failed', copy.absent?.[testCase.part] ?? `Dossier ${partDirName(testCase.part)}/ absent de la copie.`);
  }
  let build;
  try {
    build = await buildFor(partDir, testCase.part, copy.language);
  } catch (err) {
    return verdict('failed', `Copie illisible\u00a0: ${(err as Error).message}`);
  }
  language = build.language.id;
  // No interpreter, or the sandbox did not start: the machine's fault, never the student's.
  if (build.environmentFault) return verdict('error', `Incident du correcteur\u00a0: ${build.environmentFault}. Ce test n'est pas noté\u00a0: à relancer.`);
  if (build.syntaxError) return verdict('failed', build.syntaxError);

  // A fault of the grader's environment is named and the test run once more, on fresh
  // resources; twice in a row, the test is not graded (status 'error'), never failed.
  const incidents: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const outcome = await runOnce(testCase, build, seed);
    if (outcome.status !== 'incident') return verdict(outcome.status, outcome.feedback, incidents);
    incidents.push(outcome.feedback);
    if (attempt === 2) {
      return verdict('error', `Incident du correcteur, deux fois de suite\u00a0: ${incidents.join(' / ')}. Ce test n'est pas noté\u00a0: à relancer.`, incidents);
    }
  }
}

type Outcome = { status: Status; feedback?: string } | { status: 'incident'; feedback: string };

async function runOnce(testCase: TestCase, build: LanguageBuild, seed: number): Promise<Outcome> {
  const t = new TestContext(build, seed);
  const ms = testCase.timeoutMs ?? DEADLINES.test;
  const limit = deadline(ms);
  // The whole test's bound is fair too: what the machine refused the test's programs does not count.
  const bound = fairDelay(ms, t.clock);
  const timedOut = bound.done.then(() => 'timeout' as const);
  try {
    // Every wait inside the test measures time with the test's fair clock.
    const outcome = await Promise.race([testClock.run(t.clock, () => testCase.run(t)).then(() => 'done' as const), timedOut]);
    if (outcome === 'done') return { status: 'passed' };
    const fault = t.environmentFault();
    if (fault) return { status: 'incident', feedback: fault };
    const message = `Temps dépassé\u00a0: le test n'a pas fini en ${formatMs(limit)}.`;
    return { status: 'timeout', feedback: await testClock.run(t.clock, () => explain(message, t, testCase)) };
  } catch (err) {
    const fault = err instanceof EnvironmentFault ? err.message : t.environmentFault();
    if (fault) return { status: 'incident', feedback: fault };
    if (err instanceof Failure) {
      // The waits that explain the failure are fair too: a program going down is given the CPU it was refused.
      const feedback = await testClock.run(t.clock, async () => {
        await t.settleAfter(err.message);
        return explain(err.message, t, testCase);
      });
      return { status: 'failed', feedback };
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { status: 'error', feedback: `Erreur interne du correcteur (à signaler à l'enseignant)\u00a0: ${message}${await details(t)}` };
  } finally {
    bound.cancel();
    await t.cleanup();
  }
}

/**
 * The feedback of a failure: what went wrong, then what the student needs to find the bug —
 * a program that crashed (its error line, often a TODO's message) or that spins on the
 * processor — then the sentence of the énoncé the test grades, then the journal.
 */
async function explain(message: string, t: TestContext, testCase: TestCase): Promise<string> {
  await t.settle();
  const notes = (await t.programNotes()).filter((note) => !message.includes(note.replace(/^\(|\.\)$/g, '')));
  const first = [message, ...notes].join(' ');
  return `${first}\n${contractLine(testCase)}${await details(t, first)}`;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/** « Énoncé de la partie II, Contrat : « … » » */
export function contractLine(testCase: TestCase): string {
  return `Énoncé de la partie ${ROMAN[testCase.part] ?? testCase.part}, Contrat\u00a0: «\u00a0${testCase.contract}\u00a0»`;
}

/** The journal after the feedback line, when the test did anything at all. */
async function details(t: TestContext, failure = ''): Promise<string> {
  await t.settle();
  const journal = t.journal.toString();
  const programs = t.describeProgramsAtEnd(failure);
  return (
    (journal ? `\nDéroulement\u00a0:\n${journal.replace(/^/gm, '  ')}` : '') +
    (programs ? `\nÀ la fin du test\u00a0:\n${programs.replace(/^/gm, '  ')}` : '')
  );
}

/** Runs `tasks` with at most `jobs` at a time, keeping results in order. */
export async function pool<T, R>(items: T[], jobs: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

/** Default concurrency: tests mostly wait on sockets, but each starts node processes. */
export const DEFAULT_JOBS = 4;
