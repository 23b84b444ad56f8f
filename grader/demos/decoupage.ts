// TCP carries a stream of bytes, not messages: two writes may come out of one read, one write
// out of several reads, and a read may end in the middle of a UTF-8 character. A receiver that
// wants lines must gather bytes until the '\n', whatever the reads look like.
import { show } from '../harness/show';
import { waitFor } from '../harness/timing';
import type { Demo } from './types';
import { bytes, resumeWhenQueued, write } from './sockets';

export const decoupage: Demo = {
  name: 'decoupage',
  summary: 'deux écritures arrivent en une seule lecture, une écriture de 1\u00a0Mio en plusieurs lectures, et un «\u00a0é\u00a0» coupé en deux\u00a0: TCP transporte des octets, pas des messages.',
  async run(say, stage) {
    say.scene('Deux écritures, une lecture');
    // The server is busy a moment: it reads only later (pauseOnConnect, then resume).
    const { client, server } = await stage.pair({ server: { pauseOnConnect: true } });
    const reads: Buffer[] = [];
    server.on('data', (chunk: Buffer) => reads.push(chunk));
    await write(client, 'bonjour\n');
    say.say('client', `write("bonjour\\n")`);
    await write(client, 'au revoir\n');
    say.say('client', `write("au revoir\\n")`);
    const total = 'bonjour\nau revoir\n'.length;
    say.say('serveur', 'lit un peu plus tard (occupé un instant)');
    await resumeWhenQueued(server, total);
    await waitFor(() => (Buffer.concat(reads).length >= total ? true : undefined), 2000);
    for (const chunk of reads) say.say('serveur', `événement 'data'\u00a0: ${show(chunk)}`);
    say.verify(
      reads.length === 1,
      `les deux écritures sont sorties d'une seule lecture, en ${bytes(total)}\u00a0: rien ne dit où finissait la première, sauf le «\u00a0\\n\u00a0» du protocole.`,
      `${reads.length} lectures au lieu d'une`,
    );

    say.scene('Une écriture, plusieurs lectures');
    const big = Buffer.alloc(1024 * 1024, 'a');
    const sizes: number[] = [];
    const large = await stage.pair();
    large.server.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    await write(large.client, big);
    say.say('client', `un seul write() de ${bytes(big.length)}`);
    await waitFor(() => (sizes.reduce((a, b) => a + b, 0) >= big.length ? true : undefined), 5000);
    say.say('serveur', `${sizes.length} événements 'data', de ${bytes(Math.min(...sizes))} à ${bytes(Math.max(...sizes))}`);
    say.verify(
      sizes.length > 1,
      "une lecture rend ce qui est arrivé, dans la limite de sa mémoire tampon (64\u00a0Kio pour Node)\u00a0: un message long arrive en morceaux, et un court aussi parfois, si le réseau le découpe en segments.",
      `une seule lecture de ${bytes(big.length)}`,
    );

    say.scene('Un «\u00a0é\u00a0» coupé entre deux lectures');
    const bytesOfLine = Buffer.from('café\n', 'utf8');
    const pieces: Buffer[] = [];
    const firstHalf = bytesOfLine.subarray(0, 4); // "caf" and the first byte of "é" (C3 A9)
    const cut = await stage.pair();
    cut.server.on('data', (chunk: Buffer) => {
      pieces.push(chunk);
      if (pieces.length === 1) cut.client.write(bytesOfLine.subarray(4)); // the rest, only once the first half is read
    });
    await write(cut.client, firstHalf);
    say.say('client', `envoie ${show(firstHalf)}, puis le reste une fois la première partie lue`);
    await waitFor(() => (Buffer.concat(pieces).length >= bytesOfLine.length ? true : undefined), 2000);
    pieces.forEach((piece, i) => say.say('serveur', `lecture ${i + 1}\u00a0: ${show(piece)}, soit le texte ${JSON.stringify(piece.toString('utf8'))}`));
    say.say('serveur', `les octets rassemblés, puis décodés\u00a0: ${JSON.stringify(Buffer.concat(pieces).toString('utf8'))}`);
    say.verify(
      pieces.length === 2 && pieces[0].toString('utf8').includes('\ufffd'),
      "«\u00a0é\u00a0» s'écrit sur deux octets (C3 A9) en UTF-8\u00a0: décodé morceau par morceau, il devient «\u00a0�\u00a0». Rassemblez les octets avant de décoder, ou laissez socket.setEncoding('utf8') garder le morceau de caractère pour la lecture suivante.",
      `${pieces.length} lecture(s) au lieu de 2`,
    );

    say.conclude(
      "une lecture rend les octets arrivés, pas «\u00a0un message\u00a0». Pour recevoir des lignes, il faut une boucle de réception et une mémoire tampon qui garde la fin incomplète jusqu'au prochain «\u00a0\\n\u00a0».",
    );
  },
};
