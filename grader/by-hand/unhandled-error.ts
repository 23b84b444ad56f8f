// Loaded with `node --require` in front of a student's program run by hand (npm run serveur /
// client): an error the program does not handle ends it with one French line (crash-line.ts)
// instead of Node's stack trace, with code 1 as Node would. The grader never loads it: there,
// a stack trace is the program's own to avoid. `--pile` runs the program without it.
import { crashLine } from './crash-line';

process.on('uncaughtException', (err) => {
  // A program with its own handler decides for itself.
  if (process.listenerCount('uncaughtException') > 1) return;
  let line: string;
  try {
    line = crashLine(err);
  } catch {
    line = String((err as Error)?.stack ?? err);
  }
  // On Windows a terminal or a pipe is written asynchronously: exit once the line is out.
  process.stderr.write(line + '\n', () => process.exit(1));
  setTimeout(() => process.exit(1), 1000);
});
