// Runs one of the project's commands (grader/cli/*.ts) as npm would, in a child process, and
// gives back its exit code and output.
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..');
/** The grader's own TypeScript loader, as the npm scripts use it (grader/boot/register.js). */
export const LOADER = path.join(ROOT, 'grader', 'boot', 'register.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** `npm run <command> -- args`, where `script` is the command's file under grader/cli/. */
export function runCli(script: string, ...args: string[]): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', LOADER, `grader/cli/${script}`, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/** The same, with more environment variables (TMPDIR, NO_COLOR…). */
export function runCliEnv(env: NodeJS.ProcessEnv, script: string, ...args: string[]): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', LOADER, `grader/cli/${script}`, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}
