// The life of a connection in the kernel's table, step by step: LISTEN after listen(),
// ESTABLISHED on both ends, FIN_WAIT2 / CLOSE_WAIT after the client's FIN, TIME_WAIT on the
// side that closed first once both have closed.
import { once } from 'node:events';
import type * as net from 'node:net';
import { waitFor } from '../harness/timing';
import type { Narrator } from './narrator';
import type { Demo } from './types';
import { ends, freePort, kernelEntry } from './sockets';
import { socketTable } from './socket-table';

/** Prints the table, then checks (on Linux) that the two ends are in the states expected. */
async function look(say: Narrator, port: number, expected: Array<[local: number, remote: number, state: string | undefined]>, meaning: string): Promise<void> {
  // A state may follow its event by a moment (a delayed ACK turns FIN_WAIT1 into FIN_WAIT2).
  const match = () => expected.every(([local, remote, state]) => kernelEntry(local, remote)?.state === state);
  const settled = kernelEntry(port, 0) === null ? { ok: true } : await waitFor(() => (match() ? true : undefined), 1000);
  const table = socketTable(port);
  if (table) {
    say.say('noyau', table.tool);
    say.block(table.lines);
  } else {
    say.say('noyau', 'ni ss, ni /proc/net/tcp, ni netstat sur ce système\u00a0: les états ne peuvent pas être montrés');
  }
  const seen = expected.map(([local, remote]) => `127.0.0.1:${local} ${kernelEntry(local, remote)?.state ?? 'absente'}`).join(', ');
  say.verify(settled.ok, meaning, `états attendus ${expected.map(([, , s]) => s ?? 'absente').join(', ')}, vus\u00a0: ${seen}`);
}

export const etats: Demo = {
  name: 'etats',
  summary: "les états d'une connexion vus par ss -tan (ou netstat)\u00a0: LISTEN, ESTABLISHED, FIN_WAIT2 et CLOSE_WAIT, puis TIME_WAIT.",
  async run(say, stage) {
    const port = await freePort();
    let serverSide: net.Socket | undefined;
    const server = await stage.listen(port, (socket) => (serverSide = socket), { allowHalfOpen: true });

    say.scene("Après listen()\u00a0: la socket d'écoute");
    say.say('serveur', `server.listen(${port}, '127.0.0.1')`);
    await look(say, port, [[port, 0, 'LISTEN']], "LISTEN\u00a0: le noyau accepte les connexions sur ce port. Recv-Q est le nombre de connexions qui attendent accept(), Send-Q (dans ss) la taille de cette file, le backlog.");

    say.scene('Après connect() et accept()\u00a0: deux sockets, une à chaque bout');
    const connected = await stage.connect(port);
    if (!('socket' in connected)) throw new Error(`connexion impossible (${connected.code})`);
    const client = connected.socket;
    client.on('data', () => {});
    const accepted = await waitFor(() => serverSide, 1000);
    if (!accepted.ok) throw new Error("le serveur de la démonstration n'a pas accepté la connexion");
    const { local: c, remote: s } = ends(client);
    say.say('client', `connecté depuis le port ${c}`);
    await look(say, port, [[port, 0, 'LISTEN'], [c, s, 'ESTABLISHED'], [s, c, 'ESTABLISHED']], "ESTABLISHED aux deux bouts\u00a0: la socket d'écoute reste en LISTEN, et accept() a donné au serveur une nouvelle socket pour ce client.");

    say.scene('Le client ferme le premier\u00a0: end()');
    client.end();
    await once(accepted.value, 'end');
    say.say('serveur', "événement 'end'\u00a0: le FIN du client est arrivé");
    await look(say, port, [[c, s, 'FIN_WAIT2'], [s, c, 'CLOSE_WAIT']], "le client attend le FIN du serveur (FIN_WAIT2)\u00a0; le serveur a reçu celui du client et doit fermer à son tour (CLOSE_WAIT). Une socket qui reste en CLOSE_WAIT est un programme qui a oublié de fermer.");

    say.scene('Le serveur ferme à son tour');
    accepted.value.end();
    await Promise.all([once(client, 'close'), once(accepted.value, 'close')]);
    server.close();
    say.say('serveur', "end(), puis server.close()\u00a0: plus de socket d'écoute");
    await look(say, port, [[c, s, 'TIME_WAIT'], [s, c, undefined], [port, 0, undefined]], "TIME_WAIT\u00a0: celui qui a fermé le premier garde la connexion environ 60\u00a0s (sous Linux), le temps que les derniers segments égarés disparaissent. L'autre bout n'existe plus.");

    say.conclude(
      "LISTEN (listen), ESTABLISHED (connect et accept), puis FIN_WAIT et CLOSE_WAIT pendant la fermeture, et TIME_WAIT du côté qui a fermé le premier. Essayez «\u00a0ss\u00a0-tan\u00a0» (Linux) ou «\u00a0netstat\u00a0-an\u00a0» (macOS, Windows) pendant que votre serveur tourne.",
    );
  },
};
