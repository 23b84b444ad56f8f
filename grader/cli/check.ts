// npm run check -- [PARTIE…] [--watch] [--tout]: the public tests on the student's folder
// (exercises/, or TP_DOSSIER), with the public seed: per part a summary line, then the first
// failure explained. Exit code 0 when every test checked passes, 1 otherwise, 2 when the
// request cannot be understood.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_CASES, casesOfPart } from '../cases';
import { CHECK_USAGE, CheckUsageError, optionsKeptByNpm, parseCheckArguments, type CheckRequest } from '../check/arguments';
import { CHECKED_FOLDER } from '../check/dossier';
import { checkPart } from '../check/run';
import { counts, partLabel, partResult, summarizePart, type PartResult } from '../check/summary';
import { watchParts } from '../check/watch';
import { killAllNow } from '../harness/launcher';
import { partDirName } from '../harness/transpile';
import { BAREME_FILE, GradingError, loadBareme } from '../scoring';

const TTY = Boolean(process.stdout.isTTY);

/** Points per test when the barème is here (the teacher's repository; a handout has none). */
function pointsOfTests(): Map<string, number> | undefined {
  if (!fs.existsSync(BAREME_FILE)) return undefined;
  return new Map(loadBareme(ALL_CASES).parties.flatMap((p) => Object.entries(p.tests)));
}

/** « exercises/partie-2 », as the student would type it. */
function shownFolder(part: number): string {
  const relative = path.relative(process.cwd(), path.join(CHECKED_FOLDER, partDirName(part)));
  return (relative.startsWith('..') ? path.join(CHECKED_FOLDER, partDirName(part)) : relative).split(path.sep).join('/');
}

/** While a part runs in a terminal: « Partie III : 3/8 tests terminés… », overwritten in place. */
function progress(text?: string): void {
  if (!TTY) return;
  process.stdout.clearLine(0);
  process.stdout.cursorTo(0);
  if (text) process.stdout.write(text);
}

/** Checks `parts` once and prints their summaries; true when every test passed. */
async function checkOnce(parts: number[], request: CheckRequest, points: Map<string, number> | undefined): Promise<boolean> {
  const results: PartResult[] = [];
  for (const part of parts) {
    const total = casesOfPart(part).length;
    let done = 0;
    const running = () => progress(`${partLabel(part)}\u00a0: ${done}/${total} tests terminés…`);
    running();
    const verdicts = await checkPart(CHECKED_FOLDER, part, () => (done++, running()));
    progress();
    console.log(summarizePart(part, verdicts, { points, everyFailure: request.everyFailure, folder: shownFolder(part) }).join('\n'));
    results.push(partResult(part, verdicts, points));
  }
  if (parts.length > 1) {
    const sum = (f: (r: PartResult) => number) => results.reduce((a, r) => a + f(r), 0);
    const total = {
      passed: sum((r) => r.passed),
      total: sum((r) => r.total),
      points: points ? { earned: sum((r) => r.points!.earned), max: sum((r) => r.points!.max) } : undefined,
    };
    console.log(`\nTotal\u00a0: ${counts(total)}`);
  }
  return results.every((r) => r.passed === r.total);
}

async function watch(request: CheckRequest, points: Map<string, number> | undefined): Promise<void> {
  const targets = request.parts.map((part) => ({ part, dir: path.join(CHECKED_FOLDER, partDirName(part)) }));
  const missing = targets.find((t) => !fs.existsSync(t.dir));
  if (missing) throw new CheckUsageError(`dossier introuvable\u00a0: ${shownFolder(missing.part)}`);
  const names = request.parts.map(shownFolder).join(', ');
  const watcher = watchParts(
    targets,
    async (parts) => {
      if (TTY) console.clear();
      console.log(`npm run check --watch\u00a0: ${parts.map(partLabel).join(', ')}, à ${new Date().toLocaleTimeString('fr-FR')}\n`);
      await checkOnce(parts, request, points);
      console.log(`\nEn attente d'un enregistrement dans ${names} (Ctrl-C pour arrêter)…`);
    },
    (message) => {
      console.error(`Erreur\u00a0: ${message}`);
      watcher.close();
      killAllNow();
      process.exit(2);
    },
  );
  // The first run, through the watcher: a save during it queues the next one. Ctrl-C ends the
  // watch (the handlers below stop every student program).
  watcher.runNow(request.parts);
}

async function main(argv: string[]): Promise<number> {
  const request = parseCheckArguments(argv);
  if (request.help) {
    console.log(CHECK_USAGE);
    return 0;
  }
  const points = pointsOfTests();
  if (request.watch) {
    await watch(request, points);
    return 0;
  }
  return (await checkOnce(request.parts, request, points)) ? 0 : 1;
}

// Interrupted (Ctrl-C, a closed terminal): no student program may outlive the check.
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(sig, () => {
    killAllNow();
    process.exit(code);
  });
}

main([...process.argv.slice(2), ...optionsKeptByNpm(['watch', 'tout'])]).then(
  (code) => (process.exitCode = code),
  (err) => {
    if (err instanceof CheckUsageError || err instanceof GradingError) {
      console.error(`Erreur\u00a0: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 3;
    }
  },
);
