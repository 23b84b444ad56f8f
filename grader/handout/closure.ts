// The grader's files a student's command needs: the entry files and every file they import,
// type imports included (the handout type-checks). Following imports, rather than listing
// folders, keeps the handout to what the public commands use: a module added for teachers
// (class grading, outputs) stays out unless a student's command imports it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** Relative paths (with /) of `entries` and of every project file they import, sorted. */
export function importClosure(root: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (relative: string) => {
    if (seen.has(relative)) return;
    seen.add(relative);
    const file = path.join(root, relative);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package or node: builtin
      visit(resolveModule(root, path.dirname(relative), fileName, relative));
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen].sort();
}

/** './x' from `fromDir` → 'dir/x.ts' or 'dir/x/index.ts' (relative to root, with /). */
function resolveModule(root: string, fromDir: string, specifier: string, importer: string): string {
  const base = path.posix.normalize(path.posix.join(fromDir.split(path.sep).join('/'), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (candidate.endsWith('.ts') && fs.existsSync(path.join(root, candidate))) return candidate;
    if (candidate.endsWith('.json') && fs.existsSync(path.join(root, candidate))) return candidate;
  }
  throw new Error(`${importer}: cannot resolve ${specifier}`);
}
