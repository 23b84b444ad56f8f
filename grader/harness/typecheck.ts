// Optional full type check of a part (`npm run grade -- --typecheck`). It costs about a second
// per submission and never changes a grade: type errors are shown as advice only.
import * as path from 'node:path';
import ts from 'typescript';
import { listTsFiles, partDirName } from './transpile';

const TYPE_ROOTS = [path.join(__dirname, '..', '..', 'node_modules', '@types')];

/** French lines, one per type error of a part's folder; empty when it type-checks. */
export function typecheckPart(partDir: string, part: number): string[] {
  const dir = path.resolve(partDir);
  const files = listTsFiles(dir).map((f) => path.join(dir, f));
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node20,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: TYPE_ROOTS,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${partDirName(part)}/${path.relative(dir, d.file.fileName)}, ligne ${line + 1}, colonne ${character + 1}\u00a0: ${text}`;
  });
}
