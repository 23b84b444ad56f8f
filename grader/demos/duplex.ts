// TCP is full-duplex: each direction has its own byte stream and its own buffers, so both sides
// may write at the same time without any collision. What turn-taking protects against is a
// blocking program: one stuck in send() while nobody reads, both stuck waiting for each other.
import type * as net from 'node:net';
import type { TcpEntry } from '../harness/proc-net';
import { waitFor } from '../harness/timing';
import type { Demo } from './types';
import { bytes, ends, kernelEntry } from './sockets';

const MESSAGES = 1000;
const FLOOD = 16 * 1024 * 1024; // more than the kernel buffers both ways can hold

/** Counts what `socket` receives. */
function counter(socket: net.Socket): { bytes: number; text: string } {
  const seen = { bytes: 0, text: '' };
  socket.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    if (seen.text.length < 100_000) seen.text += chunk.toString('latin1');
  });
  return seen;
}

function lines(who: string): string {
  return Array.from({ length: MESSAGES }, (_, i) => `${who} ${i + 1}\n`).join('');
}

export const duplex: Demo = {
  name: 'duplex',
  summary: "les deux côtés écrivent en même temps, sans attendre leur tour\u00a0: TCP est bidirectionnel (full-duplex)\u00a0; seul un programme bloquant aurait à craindre l'interblocage.",
  async run(say, stage) {
    say.scene(`${MESSAGES} messages de chaque côté, au même moment`);
    const { client, server } = await stage.pair();
    const atClient = counter(client);
    const atServer = counter(server);
    const fromClient = lines('client');
    const fromServer = lines('serveur');
    client.write(fromClient);
    server.write(fromServer);
    say.say('client et serveur', `chacun écrit ${MESSAGES} lignes avant d'avoir lu quoi que ce soit de l'autre`);
    await waitFor(() => (atClient.bytes >= fromServer.length && atServer.bytes >= fromClient.length ? true : undefined), 3000);
    say.say('serveur', `a reçu ${atServer.text.split('\n').length - 1} lignes du client`);
    say.say('client', `a reçu ${atClient.text.split('\n').length - 1} lignes du serveur`);
    say.verify(
      atServer.text === fromClient && atClient.text === fromServer,
      'tout est arrivé, dans l\'ordre, dans les deux sens\u00a0: chaque sens a son propre flux et ses propres mémoires tampons, rien ne se heurte.',
      'des lignes manquent ou sont dans le désordre',
    );

    say.scene('Et si personne ne lisait\u00a0?');
    // Neither end reads: the client connects paused, the server's end is accepted paused.
    const { client: quietClient, server: peer } = await stage.pair({ server: { pauseOnConnect: true }, paused: true });
    const flood = Buffer.alloc(FLOOD, 'x');
    quietClient.write(flood);
    peer.write(flood);
    say.say('client et serveur', `chacun écrit ${bytes(FLOOD)}, et aucun ne lit`);
    const { local, remote } = ends(quietClient);
    const clientEnd = kernelEntry(local, remote);
    const serverEnd = kernelEntry(remote, local);
    if (clientEnd && serverEnd) {
      // What left a program is in its kernel's send queue or in the peer's receive queue.
      const stuck = (mine: TcpEntry, theirs: TcpEntry) => FLOOD - mine.txQueue - theirs.rxQueue;
      for (const [who, other, mine, theirs] of [['client', 'serveur', clientEnd, serverEnd], ['serveur', 'client', serverEnd, clientEnd]] as const) {
        say.say('noyau', `sens ${who} → ${other}\u00a0: ${bytes(mine.txQueue)} dans la file d'envoi, ${bytes(theirs.rxQueue)} dans la file de réception`);
        say.say(who, `les ${bytes(stuck(mine, theirs))} restants n'entrent plus dans le noyau\u00a0: ils attendent dans le programme`);
      }
      say.verify(
        stuck(clientEnd, serverEnd) > 0 && stuck(serverEnd, clientEnd) > 0,
        "les mémoires tampons du noyau sont pleines dans les deux sens. Des programmes bloquants seraient coincés dans send() des deux côtés, chacun attendant que l'autre lise\u00a0: un interblocage. Node garde le reste et continue\u00a0: sa boucle d'événements reste libre de lire.",
        'le noyau a tout pris, rien n\'attend dans les programmes',
      );
    } else {
      say.explain("les mémoires tampons du noyau se remplissent dans les deux sens. Des programmes bloquants seraient coincés dans send() des deux côtés, chacun attendant que l'autre lise\u00a0: un interblocage. Node garde le reste et continue\u00a0: sa boucle d'événements reste libre de lire.");
    }
    const atQuietClient = counter(quietClient);
    const atPeer = counter(peer);
    quietClient.resume();
    peer.resume();
    say.say('client et serveur', 'se mettent à lire');
    await waitFor(() => (atQuietClient.bytes >= FLOOD && atPeer.bytes >= FLOOD ? true : undefined), 5000);
    say.say('client et serveur', `ont chacun reçu ${bytes(Math.min(atQuietClient.bytes, atPeer.bytes))}`);

    say.conclude(
      "TCP est bidirectionnel\u00a0: les deux côtés peuvent écrire en même temps. Parler chacun son tour est la bonne règle pour des programmes bloquants (qui ne peuvent attendre qu'une chose à la fois, le clavier ou la socket), pas une règle de TCP. Un programme qui attend le clavier et la socket à la fois, comme la boucle d'événements de Node, n'en a pas besoin.",
    );
  },
};
