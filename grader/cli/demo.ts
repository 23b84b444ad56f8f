// npm run demo [-- NOM]: lists the demonstrations, or plays one. Each is a short scene on
// 127.0.0.1, narrated in French with the real error codes and bytes, that shows one answer of
// answers.md happen. It runs on Windows, macOS and Linux; the kernel's views (/proc, ss) are
// shown where they exist.
import { DEMOS, findDemo } from '../demos';
import { Narrator } from '../demos/narrator';
import { Stage } from '../demos/sockets';

/** A scene lasts a few seconds; past this bound something is wrong, and we say so. */
const BOUND_MS = 20_000;

function list(): void {
  const width = Math.max(...DEMOS.map((d) => d.name.length));
  console.log('Démonstrations (npm run demo -- NOM)\u00a0:');
  for (const d of DEMOS) console.log(`  ${d.name.padEnd(width)}  ${d.summary}`);
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    list();
    return 0;
  }
  const demo = args.length === 1 ? findDemo(args[0]) : undefined;
  if (!demo) {
    const asked = args.join(' ');
    console.error(`Erreur\u00a0: démonstration inconnue «\u00a0${asked}\u00a0»\u00a0; les démonstrations sont ${DEMOS.map((d) => d.name).join(', ')} (npm run demo pour la liste).`);
    return 2;
  }
  console.log(`Démonstration «\u00a0${demo.name}\u00a0» — ${demo.summary}`);
  const stage = new Stage();
  let bound: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    bound = setTimeout(() => reject(new Error(`la démonstration dure plus de ${BOUND_MS / 1000}\u00a0s`)), BOUND_MS);
  });
  try {
    await Promise.race([demo.run(new Narrator(), stage), overrun]);
  } finally {
    clearTimeout(bound);
    stage.close();
  }
  return 0;
}

// `npm run demo -- NAME | head` closes our stdout early: stop quietly then.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`Erreur interne de la démonstration\u00a0: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
