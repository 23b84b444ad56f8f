// Loads the grader's own TypeScript without a build step, and without paying for TypeScript at
// every start: `node -r ./grader/boot/register.js grader/cli/grade.ts`. Each .ts file of the
// project is transpiled once (ts.transpileModule, like ts-node --transpile-only) and the result
// kept in node_modules/.cache, keyed by a hash of its content and of the compiler: later starts
// load plain JavaScript and never load the compiler at all (measured: a grader start went from
// about 1.2 s of CPU under ts-node to about 0.15 s). Plain JavaScript on purpose: it is what
// loads the TypeScript.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'CommonJS',
  esModuleInterop: true,
  inlineSourceMap: true,
};

/** The compiler's version, read without loading the compiler. */
const TS_VERSION = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;

function cacheDir() {
  const candidates = [path.join(ROOT, 'node_modules', '.cache', 'tp-micro-service'), path.join(os.tmpdir(), `tp-micro-service-cache-${os.userInfo().uid}`)];
  for (const dir of candidates) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // next one
    }
  }
  return undefined;
}

const CACHE = cacheDir();
let ts;

function transpile(source, filename) {
  ts ??= require('typescript');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { ...COMPILER_OPTIONS, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  });
  return out.outputText;
}

function compiled(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  if (!CACHE) return transpile(source, filename);
  const key = crypto.createHash('sha256').update(`${TS_VERSION}\0${JSON.stringify(COMPILER_OPTIONS)}\0${filename}\0${source}`).digest('hex');
  const file = path.join(CACHE, `${key.slice(0, 32)}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const js = transpile(source, filename);
    // Written through a temporary file and a rename: two processes starting at once never read half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, file);
    } catch {
      // a cache that cannot be written only costs time
    }
    return js;
  }
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compiled(filename), filename);
};
