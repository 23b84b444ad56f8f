// npm run serveur -- N [port]   /   npm run client -- N [port] [message]
// Runs a part's program from exercises/ (or TP_DOSSIER) exactly as the grader does: transpiled,
// then plain node, with the keyboard and the terminal as its own. Works on Windows, macOS, Linux.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { NODE_FLAGS } from '../harness/launcher';
import { buildPart, partDirName, type Role } from '../harness/transpile';

function main(): void {
  const role = process.argv[2] as Role;
  const [partText, ...args] = process.argv.slice(3);
  const part = Number(partText);
  if (!Number.isInteger(part) || part < 1 || part > 4) {
    console.error(`Erreur\u00a0: donnez le numéro de la partie (1 à 4), par exemple «\u00a0npm run ${role} -- 2 5050\u00a0».`);
    process.exit(2);
  }
  const folder = path.resolve(process.env.TP_DOSSIER ?? 'exercises');
  const build = buildPart(path.join(folder, partDirName(part)), part);
  const script = build.scripts[role];
  if (!script) {
    console.error(`Erreur\u00a0: ${build.problems[role]}`);
    process.exit(2);
  }
  const child = spawn(process.execPath, [...NODE_FLAGS, script, ...args], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself; we only wait and pass its code on.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

main();
