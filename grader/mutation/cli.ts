// npm run mutation [-- --part N] [--incremental] [--concurrency N] [--all-tests]
// Mutation testing of the grader: StrykerJS mutates solutions/partie-N/*.ts, every mutant is
// graded by the real grader on its part (grader-test-runner.ts), and this prints, per part, the
// mutants, killed, survived, timed out and the score, then every survivor with its file:line
// and diff, marked when grader/mutation/equivalents.json explains it. The last line is the score.
import * as path from 'node:path';
import type { MutantResult, PartialStrykerOptions } from '@stryker-mutator/api/core';
import { PARTS } from '../cases';
import { printReport } from './report';
import { REPO_ROOT } from './variant';

interface Args {
  parts: number[];
  incremental: boolean;
  concurrency: number;
  allTests: boolean;
}

function usage(message: string): never {
  console.error(`Erreur\u00a0: ${message}`);
  console.error('Usage\u00a0: npm run mutation -- [--part N]… [--incremental] [--concurrency N] [--all-tests]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { parts: [], incremental: false, concurrency: 1, allTests: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--part') {
      const n = Number(argv[++i]);
      if (!PARTS.includes(n)) usage(`--part attend un numéro de partie (${PARTS.join(', ')}), pas «\u00a0${argv[i] ?? ''}\u00a0»`);
      args.parts.push(n);
    } else if (a === '--concurrency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 8) usage(`--concurrency attend un entier de 1 à 8, pas «\u00a0${argv[i] ?? ''}\u00a0»`);
      args.concurrency = n;
    } else if (a === '--incremental') args.incremental = true;
    else if (a === '--all-tests') args.allTests = true;
    else usage(`option inconnue\u00a0: ${a}`);
  }
  if (args.parts.length === 0) args.parts = [...PARTS];
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const options: PartialStrykerOptions = {
    // Partie III's client is Partie II's, handed out complete and graded there, not in Partie III.
    mutate: [...args.parts.map((p) => `solutions/partie-${p}/*.ts`), '!solutions/partie-3/client.ts'],
    testRunner: 'tp-grader',
    plugins: [path.join(__dirname, 'plugin.cjs')],
    coverageAnalysis: 'off',
    concurrency: args.concurrency,
    disableBail: args.allTests,
    incremental: args.incremental,
    incrementalFile: 'reports/mutation/incremental.json',
    reporters: ['progress-append-only', 'json'],
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    // Only what the grader reads goes to Stryker's sandbox, which the grader never uses.
    ignorePatterns: ['/*', '!/solutions', '!/grader', '!/package.json', '!/tsconfig.json'],
    tempDirName: path.join('reports', 'mutation', '.stryker-tmp'),
    cleanTempDir: 'always',
    logLevel: 'warn' as PartialStrykerOptions['logLevel'],
    // A whole part is graded per mutant; the grader bounds every case itself.
    timeoutMS: 120_000,
    dryRunTimeoutMinutes: 15,
  };
  process.chdir(REPO_ROOT);
  const { Stryker } = await import('@stryker-mutator/core');
  const results: MutantResult[] = await new Stryker(options).runMutationTest();
  printReport(results, args.parts, performance.now() - started);
}

main().catch((err: unknown) => {
  console.error(`Erreur interne\u00a0: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(3);
});
