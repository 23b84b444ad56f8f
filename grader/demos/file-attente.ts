// listen() is where the kernel starts accepting connections, not accept(): while the server's
// program is blocked, the kernel completes the handshake, queues the connection (the backlog)
// and even acknowledges and keeps the bytes the client sends. accept() only takes an
// established connection off that queue. With the queue full, Linux ignores the next SYN: the
// client resends it and is connected later, or times out; it is not refused.
import { Worker } from 'node:worker_threads';
import { readTcpTable } from '../harness/proc-net';
import { formatMs, waitFor } from '../harness/timing';
import type { Demo } from './types';
import { HOST, bytes, ends, freePort, kernelEntry, waitQueuedAt, write } from './sockets';

/**
 * The server, in a thread of its own so that it can be blocked while this thread goes on: it
 * listens with room for one waiting connection, then blocks (Atomics.wait) until released, like
 * a program busy computing or reading its keyboard before it calls accept().
 */
const BLOCKED_SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer((socket) => {
  parentPort.postMessage({ accepted: socket.remotePort });
  socket.on('data', (data) => parentPort.postMessage({ from: socket.remotePort, data: data.toString() }));
  socket.on('error', () => {});
});
server.listen({ host: workerData.host, port: workerData.port, backlog: 1 }, () => {
  parentPort.postMessage({ listening: true });
  Atomics.wait(new Int32Array(workerData.gate), 0, 0, workerData.blockMs);
  parentPort.postMessage({ released: true });
});
`;

interface ServerNews {
  listening?: true;
  released?: true;
  accepted?: number;
  from?: number;
  data?: string;
}

export const fileAttente: Demo = {
  name: 'file-attente',
  summary: "un serveur bloqué n'appelle pas accept()\u00a0: le noyau établit quand même les connexions et les met en file d'attente (backlog)\u00a0; file pleine, le SYN suivant est ignoré, pas refusé.",
  async run(say, stage) {
    const port = await freePort();
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const news: ServerNews[] = [];
    const worker = new Worker(BLOCKED_SERVER, { eval: true, workerData: { port, host: HOST, gate: gate.buffer, blockMs: 15_000 } });
    worker.on('message', (m: ServerNews) => news.push(m));
    /** The first `count` messages of the server that `pick` accepts, once they have come. */
    const heard = (pick: (m: ServerNews) => boolean, count = 1) =>
      waitFor(() => {
        const picked = news.filter(pick);
        return picked.length >= count ? picked : undefined;
      }, 5000);
    const linux = readTcpTable() !== null;
    const queueLength = () => kernelEntry(port, 0)?.rxQueue;

    try {
      say.scene("Le serveur écoute (file d'attente d'une place), puis reste bloqué sans appeler accept()");
      if (!(await heard((m) => m.listening === true)).ok) throw new Error("le serveur de la démonstration n'a pas démarré");
      say.say('serveur', `server.listen({ port: ${port}, backlog: 1 }), puis bloqué\u00a0: sa boucle d'événements ne tourne plus`);

      const a = await stage.connect(port);
      if (!('socket' in a)) return say.surprise(`le client A a été refusé (${a.code})`);
      say.say('client A', `événement 'connect'\u00a0: connecté`);
      say.explain("le serveur n'a rien fait\u00a0: c'est le noyau qui a répondu au SYN et terminé la poignée de main.");
      await write(a.socket, 'bonjour\n');
      say.say('client A', `write('bonjour\\n')\u00a0: envoyé`);
      const settled = await waitQueuedAt(port, ends(a.socket).local, 8);
      const waiting = kernelEntry(port, ends(a.socket).local);
      if (waiting && settled) {
        say.say('noyau', `côté serveur, la connexion de A est ${waiting.state}, avec ${bytes(waiting.rxQueue)} reçus et pas encore lus`);
        say.explain("le noyau a acquitté (ACK) et gardé les octets de A, bien que le serveur n'ait pas encore appelé accept().");
      } else if (linux) {
        say.surprise("les 8 octets de A ne sont pas arrivés dans la mémoire tampon de réception du serveur");
      }

      const b = await stage.connect(port);
      if (!('socket' in b)) return say.surprise(`le client B a été refusé (${b.code})`);
      say.say('client B', `événement 'connect'\u00a0: connecté, lui aussi`);
      if (linux) {
        await waitFor(() => queueLength() === 2 || undefined, 1000);
        const queued = queueLength();
        say.say('noyau', `connexions établies qui attendent accept()\u00a0: ${queued}`);
        say.verify(queued === 2, "Linux garde jusqu'à backlog + 1 connexions dans la file\u00a0: elle est pleine.", `${queued} connexions dans la file au lieu de 2`);
      }

      say.scene('File pleine\u00a0: un troisième client');
      const cTried = say.elapsed();
      const c = stage.connect(port);
      let cDone: Awaited<typeof c> | undefined;
      void c.then((r) => (cDone = r));
      if (linux) {
        const resent = await waitFor(() => readTcpTable()?.find((e) => e.remotePort === port && e.state === 'SYN_SENT' && e.retransmits >= 1), 4000);
        if (resent.ok) {
          say.say('noyau', `le client C est toujours en SYN_SENT, et son SYN a été renvoyé (${resent.value.retransmits} fois)`);
          say.verify(cDone === undefined, "file pleine, Linux ignore le SYN au lieu de le refuser\u00a0: le client attend et renvoie son SYN, sans erreur.", `le client C a déjà reçu ${JSON.stringify(cDone)}`);
        } else {
          say.surprise(cDone ? `le client C a reçu ${'socket' in cDone ? 'sa connexion' : cDone.code} au lieu d'attendre` : "le SYN du client C n'a pas été renvoyé");
        }
      } else {
        await waitFor(() => cDone, 1500);
        if (cDone === undefined) say.say('client C', 'toujours pas de réponse après 1,5\u00a0s\u00a0: son SYN est ignoré, pas refusé');
        else if ('socket' in cDone) say.say('client C', "connecté\u00a0: sur ce système, la file d'attente avait encore de la place");
        else say.say('client C', `erreur ${cDone.code}\u00a0: sur ce système (Windows par exemple), une file pleine fait refuser la connexion`);
      }

      say.scene('Le serveur se débloque');
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      await heard((m) => m.accepted !== undefined, 2);
      say.say('serveur', `événement 'connection' (accept) pour A et pour B, aussitôt`);
      const greeting = await heard((m) => m.from === ends(a.socket).local);
      if (greeting.ok) {
        say.say('serveur', `événement 'data' de A\u00a0: ${JSON.stringify(greeting.value[0].data)}, envoyé bien avant que le serveur ne l'accepte`);
      }
      const cResult = await waitFor(() => cDone, 8000);
      if (cResult.ok && 'socket' in cResult.value) {
        say.say('client C', `événement 'connect'\u00a0: connecté ${formatMs(say.elapsed() - cTried)} après son premier SYN`);
        say.explain('un SYN renvoyé a trouvé de la place dans la file. Sans place pendant assez longtemps, connect() aurait fini par échouer avec ETIMEDOUT.');
      } else if (linux) {
        say.surprise(`le client C n'est pas connecté (${cResult.ok && 'code' in cResult.value ? cResult.value.code : 'toujours rien'})`);
      }

      say.conclude(
        "listen() suffit pour que le noyau accepte des connexions\u00a0: il termine la poignée de main et garde les octets reçus, même si le programme n'appelle pas accept(). accept() ne fait que prendre une connexion déjà établie dans la file. Un client qui se connecte à un serveur occupé n'est donc pas refusé\u00a0: il attend son tour, et ses octets aussi.",
      );
    } finally {
      await worker.terminate();
    }
  },
};
