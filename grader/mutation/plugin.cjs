// Entry point that StrykerJS loads (in its main process and in each test-runner worker): the
// grader is TypeScript, run without a build step through ts-node, as `npm run grade` does.
const path = require('node:path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', 'tsconfig.json') });
// A named export written out, so that Node's import() of this CommonJS file sees it.
exports.strykerPlugins = require('./grader-test-runner.ts').strykerPlugins;
