// A StrykerJS test runner that is the real grader: the "tests" are the graded cases of
// grader/cases, and a mutant of solutions/partie-N/F.ts is graded like a student's copy —
// the reference's part N with that one file changed, written to a fresh folder and run by
// runCase() over loopback TCP. The mutant is killed as soon as one case of its part fails
// (the part loses points). Nothing is activated through the environment: Stryker's
// instrumented sandbox is ignored, each mutant is materialised from its location and
// replacement, so the student programs run exactly as they do under `npm run grade`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import type { Mutant, StrykerOptions } from '@stryker-mutator/api/core';
import {
  DryRunStatus, MutantRunStatus, TestStatus,
  type DryRunOptions, type DryRunResult, type MutantRunOptions, type MutantRunResult, type TestResult, type TestRunner, type TestRunnerCapabilities,
} from '@stryker-mutator/api/test-runner';
import { ALL_CASES, casesOfPart, type TestCase } from '../cases';
import { copyOfFolder } from '../grading/copy';
import { DEFAULT_JOBS, runCase, type Verdict } from '../grading/runner';
import { DEFAULT_GRADING_SEED } from '../harness/data';
import { removeBuilds } from '../harness/transpile';
import { applyMutant, partOfFile } from './mutant-source';
import { REPO_ROOT, SOLUTIONS } from './variant';

/** Cases run at once for one mutant (TP_MUTATION_JOBS overrides). */
const JOBS = Number(process.env.TP_MUTATION_JOBS) > 0 ? Number(process.env.TP_MUTATION_JOBS) : DEFAULT_JOBS;

export class GraderTestRunner implements TestRunner {
  static inject = tokens(commonTokens.options);
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-mutants-'));

  constructor(private readonly options: StrykerOptions) {}

  capabilities(): TestRunnerCapabilities {
    // Every case starts fresh student processes: nothing of a mutant outlives its run.
    return { reloadEnvironment: true };
  }

  /** The initial run grades the untouched reference with every case of the mutated parts: all must pass. */
  async dryRun(_options: DryRunOptions): Promise<DryRunResult> {
    const parts = new Set(this.options.mutate.map((pattern) => Number(/partie-(\d+)/.exec(pattern)?.[1])));
    const verdicts = await gradeAll(ALL_CASES.filter((c) => parts.has(c.part)), copyOfFolder(SOLUTIONS), false);
    removeBuilds();
    const broken = verdicts.find((v) => v.status === 'error');
    if (broken) return { status: DryRunStatus.Error, errorMessage: `${broken.id}: ${broken.feedback}` };
    return { status: DryRunStatus.Complete, tests: verdicts.map(toTestResult) };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const mutant = options.activeMutant;
    const part = partOfFile(mutant.fileName);
    if (part === undefined) return { status: MutantRunStatus.Error, errorMessage: `not a file of solutions/partie-N: ${mutant.fileName}` };
    const folder = materialise(this.root, part, mutant);
    try {
      const verdicts = await gradeAll(casesOfPart(part), copyOfFolder(folder), !(options.disableBail || this.options.disableBail));
      const errors = verdicts.filter((v) => v.status === 'error');
      if (errors.length > 0) return { status: MutantRunStatus.Error, errorMessage: `${errors[0].id}: ${errors[0].feedback}` };
      const failed = verdicts.filter((v) => v.status === 'failed');
      const timedOut = verdicts.filter((v) => v.status === 'timeout');
      if (failed.length > 0) {
        return { status: MutantRunStatus.Killed, killedBy: [...failed, ...timedOut].map((v) => v.id), failureMessage: firstLine(failed[0]), nrOfTests: verdicts.length };
      }
      if (timedOut.length > 0) return { status: MutantRunStatus.Timeout, reason: timedOut.map((v) => v.id).join(', ') };
      return { status: MutantRunStatus.Survived, nrOfTests: verdicts.length };
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      removeBuilds();
    }
  }

  async dispose(): Promise<void> {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The reference's part with the mutant applied to its file, as a submission folder. */
function materialise(root: string, part: number, mutant: Mutant): string {
  const file = path.basename(mutant.fileName);
  const folder = fs.mkdtempSync(path.join(root, 'mutant-'));
  const partDir = path.join(folder, `partie-${part}`);
  fs.cpSync(path.join(SOLUTIONS, `partie-${part}`), partDir, { recursive: true });
  const original = fs.readFileSync(path.join(partDir, file), 'utf8');
  fs.writeFileSync(path.join(partDir, file), applyMutant(original, mutant));
  return folder;
}

/**
 * Runs `cases` on `copy`, JOBS at a time. With `bail`, no new case starts once one has failed
 * (those already started finish, so that no program outlives the run).
 */
async function gradeAll(cases: TestCase[], copy: ReturnType<typeof copyOfFolder>, bail: boolean): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (next < cases.length && !stop) {
      const v = await runCase(cases[next++], copy, DEFAULT_GRADING_SEED);
      verdicts.push(v);
      if (bail && v.status !== 'passed') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, cases.length) }, worker));
  const rank = new Map(cases.map((c, i) => [c.id, i]));
  return verdicts.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
}

function toTestResult(v: Verdict): TestResult {
  const base = { id: v.id, name: `${v.id} — ${v.title}`, timeSpentMs: v.durationMs, fileName: path.join(REPO_ROOT, 'grader', 'cases', `partie-${v.part}.ts`) };
  return v.status === 'passed' ? { ...base, status: TestStatus.Success } : { ...base, status: TestStatus.Failed, failureMessage: firstLine(v) };
}

function firstLine(v: Verdict): string {
  return `${v.id}: ${(v.feedback ?? v.status).split('\n')[0]}`;
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'tp-grader', GraderTestRunner)];
