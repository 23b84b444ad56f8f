// TypeScript: each part transpiled once (grader/harness/transpile.ts), run by plain node with
// source maps, so that a crash names the student's .ts line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeProgram } from '../harness/launcher';
import { buildPart, type Role } from '../harness/transpile';
import type { Language } from './types';

/** A Node error line: « Error: … », « TypeError [ERR_X]: … ». */
const NODE_ERROR_LINE = /^[A-Za-z]*Error( \[[A-Z_]+\])?:/;
/** A Node stack frame: «     at f (file.js:3:9) », « at node:internal… ». */
const NODE_FRAME = /^\s+at .+(:\d+:\d+\)?|\(node:[^)]*\))$/m;

export const typescript: Language = {
  id: 'typescript',
  name: 'TypeScript',
  extension: '.ts',

  holds(dir) {
    return (['serveur', 'client'] as Role[]).some((role) => fs.existsSync(path.join(dir, `${role}.ts`)));
  },

  async build(dir, part) {
    return { ...buildPart(dir, part), language: typescript };
  },

  program(script, args) {
    return nodeProgram(path.dirname(script), path.basename(script), args);
  },

  commandLine(role, args) {
    return `node ${role}.js ${args.map((a) => JSON.stringify(a)).join(' ')}`;
  },

  hasStackTrace(stderr) {
    return NODE_FRAME.test(stderr);
  },

  errorLine(stderr) {
    return stderr.split('\n').find((l) => NODE_ERROR_LINE.test(l))?.trim();
  },
};
