// One thread serves many clients at once: the event loop waits on every socket together (epoll
// on Linux, kqueue on macOS, IOCP on Windows: what select() does in C or Python) and runs the
// callback of whichever socket has something. No client waits for another to finish.
import type * as net from 'node:net';
import { threadId } from 'node:worker_threads';
import { readTcpTable } from '../harness/proc-net';
import { waitFor } from '../harness/timing';
import type { Demo } from './types';
import { freePort } from './sockets';

const CLIENTS = 20;
const LINES = 5;

/** Calls `onLine` for each '\n'-ended line of `socket`, whatever the reads. */
function onLines(socket: net.Socket, onLine: (line: string) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    pending += text;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      onLine(pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
  });
}

export const plusieursClients: Demo = {
  name: 'plusieurs-clients',
  summary: "un seul fil d'exécution sert 20 clients à la fois\u00a0: la boucle d'événements joue le rôle de select()/epoll, chacun reçoit ses propres lignes.",
  async run(say, stage) {
    const port = await freePort();
    const served: number[] = []; // which client each line the server echoed came from
    const threads = new Set<number>();
    let open = 0;
    await stage.listen(port, (socket) => {
      open++;
      socket.on('close', () => open--);
      onLines(socket, (line) => {
        threads.add(threadId);
        served.push(Number(/client (\d+)/.exec(line)?.[1]));
        socket.write(`${line}\n`);
      });
    });
    say.scene(`Un serveur d'écho (un seul fil), ${CLIENTS} clients connectés en même temps`);
    say.say('serveur', `en écoute sur 127.0.0.1:${port}, processus ${process.pid}`);
    say.explain('pour la démonstration, les clients tournent dans le même programme que le serveur. Avec des programmes séparés, rien ne change\u00a0: essayez «\u00a0npm run serveur -- 3\u00a0» et plusieurs «\u00a0nc 127.0.0.1 5050\u00a0».');

    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => stage.connect(port)));
    const allOpen = await waitFor(() => (open === CLIENTS ? true : undefined), 2000);
    say.say('serveur', `${open} connexions acceptées, ouvertes en même temps`);
    // Each client sends its next line when the echo of the previous one comes back.
    const received: string[][] = clients.map(() => []);
    clients.forEach((c, i) => {
      if (!('socket' in c)) throw new Error(`client ${i + 1}\u00a0: connexion impossible (${c.code})`);
      const socket = c.socket;
      const send = () => socket.write(`client ${i + 1}, ligne ${received[i].length + 1}\n`);
      onLines(socket, (line) => {
        received[i].push(line);
        if (received[i].length < LINES) send();
        else socket.end();
      });
      send();
    });
    say.say('clients', `${CLIENTS} connectés\u00a0; chacun envoie une ligne, attend son écho, envoie la suivante (${LINES} lignes)`);
    const table = readTcpTable();
    if (table) say.say('noyau', `${table.filter((e) => e.localPort === port && e.state === 'ESTABLISHED').length} connexions ESTABLISHED côté serveur, une socket chacune`);

    await waitFor(() => (received.every((lines) => lines.length === LINES) ? true : undefined), 5000);
    say.say('serveur', `ordre des lignes traitées, par numéro de client\u00a0: ${served.slice(0, 30).join(' ')} …`);
    say.explain("les lignes des clients sont traitées entremêlées, au fil de leur arrivée\u00a0: la boucle d'événements attend toutes les sockets à la fois et appelle le rappel 'data' de celle qui a reçu quelque chose.");
    say.say('serveur', `tous ses rappels ont tourné dans le même fil (n°\u00a0${[...threads].join(', ')})`);
    const ownOnly = received.every((lines, i) => lines.length === LINES && lines.every((line, k) => line === `client ${i + 1}, ligne ${k + 1}`));
    say.say('clients', `chacun a reçu ${LINES} lignes\u00a0: les siennes, dans l'ordre\u00a0? ${ownOnly ? 'oui' : 'non'}`);
    say.verify(
      ownOnly && threads.size === 1 && allOpen.ok,
      `un seul fil a servi ${CLIENTS} clients à la fois, chacun avec sa socket et sa mémoire tampon, sans jamais attendre un client en particulier.`,
      `réponses mêlées ou incomplètes (${received.map((l) => l.length).join(', ')}), fils ${[...threads].join(', ')}, ${allOpen.ok ? '' : 'pas '}${CLIENTS} connexions à la fois`,
    );

    say.conclude(
      "pour servir plusieurs clients à la fois, on peut lancer un fil (thread) par client, ou un processus par client (fork), ou attendre toutes les sockets à la fois avec select(), poll() ou epoll() dans un seul fil. Node fait ce dernier choix\u00a0: sa boucle d'événements sert des milliers de clients, à condition qu'aucun rappel ne bloque.",
    );
  },
};
