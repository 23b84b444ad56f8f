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
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

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
      // What is loaded from here runs as the grader: a folder another user owns, or may write
      // in (one planted in the shared temporary folder), is not used.
      const stat = fs.lstatSync(dir);
      const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) continue;
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

/** Writes `data` to `file` through a temporary file and a rename: two processes starting at once never read half a file. */
function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    // a cache that cannot be written only costs time
  }
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
    writeAtomically(file, js);
    return js;
  }
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compiled(filename), filename);
};

// The compiler itself (9 MB of JavaScript), wherever it is required — the grader transpiling a
// student's part, `npm run check`, the handout — is compiled by V8 from a code cache kept
// beside the transpiled files, keyed by its version and by Node's: measured, loading it and
// transpiling a first file went from about 430 ms of CPU to about 180 ms. A cache V8 rejects
// (another V8) is simply made again.
const TS_MAIN = require.resolve('typescript');
const loadJs = require.extensions['.js'];
require.extensions['.js'] = function loadJavaScript(module, filename) {
  if (filename !== TS_MAIN || !CACHE) return loadJs(module, filename);
  const cacheFile = path.join(CACHE, `typescript-${TS_VERSION}-node-${process.version}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first time
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(filename, 'utf8')), { filename, cachedData, importModuleDynamically: undefined });
  const dirname = path.dirname(filename);
  const localRequire = (id) => module.require(id);
  localRequire.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  script.runInThisContext().call(module.exports, module.exports, localRequire, module, filename, dirname);
  // Made at exit, after this process's work: the functions it compiled by then are in it too.
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()));
};
