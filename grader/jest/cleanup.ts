// Runs after each Jest test file. Inside Jest's sandbox, `process.once('exit')` handlers of the
// harness never fire (seen here: transpiled folders and port claims were left in the temporary
// directory after every run), so the adapter releases what the harness holds itself.
import { afterAll } from '@jest/globals';
import { stopAll } from '../harness/launcher';
import { releasePorts } from '../harness/ports';
import { removeBuilds } from '../harness/transpile';
import { removeWorkspaces } from '../intake/workspace';

afterAll(async () => {
  await stopAll();
  removeBuilds();
  removeWorkspaces();
  releasePorts();
});
