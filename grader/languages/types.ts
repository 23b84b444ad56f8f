// What the harness needs from a language: how to build a part folder once (transpile, syntax
// check), how to run one of its programs in a box, and how to read what a crash left on stderr.
// The tests, the contract and the feedback are the same for every language; only this differs.
import type { Program } from '../sandbox/box';
import type { PartBuild, Role } from '../harness/transpile';

export type LanguageId = 'typescript' | 'python';

export interface Language {
  readonly id: LanguageId;
  /** As teachers and students read it: « TypeScript », « Python ». */
  readonly name: string;
  /** Extension of the part's source files: « .ts », « .py ». */
  readonly extension: string;
  /** Whether `dir` holds this language's programs (serveur or client). */
  holds(dir: string): boolean;
  /**
   * Builds a part folder once (later calls give the same build): a syntax error is a verdict
   * for the whole part; a fault of the grader's machine (no interpreter) is not the student's.
   */
  build(dir: string, part: number): Promise<LanguageBuild>;
  /** The program that runs a built script (a path from `LanguageBuild.scripts`) with `args`. */
  program(script: string, args: string[]): Program;
  /** The command as the journal shows it, e.g. « python3 serveur.py "5050" ». */
  commandLine(role: Role, args: string[]): string;
  /** Whether stderr holds a stack trace of this language (the contract says « sans pile d'appels »). */
  hasStackTrace(stderr: string): boolean;
  /** The line of a crash worth quoting in the feedback: the exception, not the frames. */
  errorLine(stderr: string): string | undefined;
}

/** A part's build, with the language that made it. */
export interface LanguageBuild extends PartBuild {
  language: Language;
  /**
   * French, set when the build could not be made for a reason of the grader's machine (no
   * usable interpreter, the sandbox did not start): the tests are not graded, never failed.
   */
  environmentFault?: string;
}
