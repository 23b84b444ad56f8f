// Turns a submission's TypeScript into JavaScript that plain `node` runs, once per submission
// and part. Transpile-only: a syntax error is a verdict (the tests that need that file fail with
// it as feedback); a type error never costs points (see typecheck.ts for the optional check).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as TS from 'typescript';
import { cachedTranspile } from './transpile-cache';

let compiler: typeof TS | undefined;

/**
 * The TypeScript compiler, loaded at the first part to transpile: it is 9 MB of JavaScript, a
 * third of a second to load and 50 MB of a worker's memory (which every fork of a student
 * program copies), paid only where a copy has TypeScript to run.
 */
function ts(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (compiler ??= require('typescript') as typeof TS);
}

export type Role = 'serveur' | 'client';

export interface PartBuild {
  part: number;
  /** The part's folder in the submission, e.g. ".../exercises/partie-2". */
  sourceDir: string;
  /** Runnable script per role, when its file exists and transpiled without syntax error. */
  scripts: Partial<Record<Role, string>>;
  /** French feedback per role that cannot run: missing file or syntax errors. */
  problems: Partial<Record<Role, string>>;
  /** French feedback when a file of the part does not compile: every test of the part fails with it. */
  syntaxError?: string;
}

/** The compiler's version, read without loading the compiler (part of the cache key). */
const TS_VERSION = (JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
/** What compilerOptions() says, for the cache key, without loading the compiler. */
const OPTIONS_KEY = { target: 'ES2022', module: 'CommonJS', esModuleInterop: true, inlineSourceMap: true };

function compilerOptions(): TS.CompilerOptions {
  return {
    target: ts().ScriptTarget.ES2022,
    module: ts().ModuleKind.CommonJS,
    esModuleInterop: true,
    // With node --enable-source-maps, a crash names the student's .ts file and line, not ours.
    inlineSourceMap: true,
  };
}

let tmpRoot: string | undefined;
let removedAtExit = false;

function outputRoot(): string {
  if (!tmpRoot) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-micro-'));
    // A box running as its own uid must reach its part's folder (and nothing else: no listing).
    fs.chmodSync(tmpRoot, 0o711);
    // Once per process: a worker makes a new root for every copy it grades.
    if (!removedAtExit) process.once('exit', removeBuilds);
    removedAtExit = true;
  }
  return tmpRoot;
}

/** Removes every transpiled file (at exit, and after each Jest test file: see grader/jest/cleanup.ts). */
export function removeBuilds(): void {
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
  tmpRoot = undefined;
  cache.clear();
}

/**
 * A fresh folder for one part's build, removed with every other by removeBuilds(). Readable by
 * any uid: a box running as its own uid mounts it at /copie (any language's build goes here).
 */
export function newBuildDir(part: number): string {
  const dir = fs.mkdtempSync(path.join(outputRoot(), `${partDirName(part)}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function partDirName(part: number): string {
  return `partie-${part}`;
}

const cache = new Map<string, PartBuild>();

/** Transpiles every .ts file of a part's folder once; later calls return the same build. */
export function buildPart(partDir: string, part: number): PartBuild {
  const sourceDir = path.resolve(partDir);
  const cached = cache.get(sourceDir);
  if (cached) return cached;

  const outDir = newBuildDir(part);
  // The student's files are CommonJS here, whatever package.json says around them.
  fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"commonjs"}\n');
  const build: PartBuild = { part, sourceDir, scripts: {}, problems: {} };
  const syntaxErrors = new Map<string, string[]>();

  for (const file of listTsFiles(sourceDir)) {
    const source = fs.readFileSync(path.join(sourceDir, file), 'utf8');
    const sourceRoot = pathToFileURL(sourceDir).href;
    const shownName = `${partDirName(part)}/${file}`;
    const out = cachedTranspile(sourceDir, [TS_VERSION, JSON.stringify(OPTIONS_KEY), sourceRoot, shownName, file, source], () => {
      const result = ts().transpileModule(source, { compilerOptions: { ...compilerOptions(), sourceRoot }, fileName: file, reportDiagnostics: true });
      const errors = (result.diagnostics ?? []).filter((d) => d.category === ts().DiagnosticCategory.Error);
      return { outputText: result.outputText, errors: errors.map((d) => formatDiagnostic(shownName, d)) };
    });
    if (out.errors.length > 0) syntaxErrors.set(file, out.errors);
    const target = path.join(outDir, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.outputText);
  }

  if (syntaxErrors.size > 0) {
    // A file that does not compile breaks every file of the part that may import it.
    const lines = [...syntaxErrors.values()].flat();
    build.syntaxError = `${partDirName(part)} ne compile pas (erreur de syntaxe)\u00a0:\n${lines.join('\n')}`;
  }
  for (const role of ['serveur', 'client'] as const) {
    if (build.syntaxError) build.problems[role] = build.syntaxError;
    else if (!fs.existsSync(path.join(sourceDir, `${role}.ts`))) build.problems[role] = `Fichier ${partDirName(part)}/${role}.ts introuvable.`;
    else build.scripts[role] = path.join(outDir, `${role}.js`);
  }
  cache.set(sourceDir, build);
  return build;
}

export function listTsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .filter((f) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.isFile())
    .map((f) => f.split(path.sep).join('/'));
}

function formatDiagnostic(shownName: string, d: TS.Diagnostic): string {
  const text = ts().flattenDiagnosticMessageText(d.messageText, ' ');
  if (!d.file || d.start === undefined) return `  ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `  ${shownName}, ligne ${line + 1}, colonne ${character + 1}\u00a0: ${text}`;
}
