// The harness's end of a TCP connection, as a test sees it: bytes sent and received with their
import * as net from 'node:net';
import { findIn, hasTcpTable, readTcpTable, type TcpEntry } from './proc-net';
import { Journal } from './journal';
import type { Owner } from './ownership';
import { show } from './show';
import { DEADLINES, deadline, fairDelay, formatMs, waitFor } from './timing';

export const HOST = '127.0.0.1';

/** States our socket can be in once the peer's FIN has arrived. */
const OURS_AFTER_FIN = new Set(['CLOSE_WAIT', 'TIME_WAIT', 'LAST_ACK', 'CLOSING']);
/** How often a wait for a close also asks the kernel (a read of /proc/net/tcp costs ~8 ms). */
const KERNEL_LOOK_EVERY_MS = 200;
/** States the peer's socket can be in once it has sent its FIN. */
const THEIRS_AFTER_FIN = new Set(['FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSING', 'LAST_ACK']);

export type CloseKind = 'FIN' | 'RST';

export type LineRead =
  | { kind: 'line'; line: string }
  | { kind: 'closed'; how: CloseKind; partial: Buffer }
  | { kind: 'timeout'; partial: Buffer; /** The deadline that passed (scaled), in ms. */ waitedMs: number };

export class TcpPeer {
  /** Everything received so far, in a buffer that grows by doubling (a concat per chunk made 1 MiB cost O(n²)). */
  private store = Buffer.alloc(0);
  private size = 0;
  /** Offset of the first byte not yet returned by readLine(). */
  private cursor = 0;
  /** How the other side closed its sending half, once it has. */
  closedBy?: CloseKind;
  private readonly socket: net.Socket;
  /** Read while connected: Node forgets the remote port of a connecting socket once it has ended. */
  readonly localPort: number;
  readonly remotePort: number;

  constructor(socket: net.Socket, private readonly journal: Journal, readonly name: string) {
    this.socket = socket;
    this.localPort = socket.localPort ?? 0;
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.size + chunk.length > this.store.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.size + chunk.length, this.store.length * 2, 4096));
        this.store.copy(grown, 0, 0, this.size);
        this.store = grown;
      }
      chunk.copy(this.store, this.size);
      this.size += chunk.length;
      this.journal.add(`${name} ← reçu ${show(chunk)}`);
    });
    // With allowHalfOpen, 'end' comes for a FIN and also for data followed by an RST. The
    // kernel tells them apart: after a FIN our socket waits in CLOSE_WAIT, after an RST it is gone.
    socket.on('end', () => this.noteClose(this.closeKindAtEnd()));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') this.noteClose('RST');
      else this.journal.add(`${name}\u00a0: erreur ${err.code ?? err.message}`);
    });
  }

  /** The bytes received so far (a view, valid until the next chunk arrives). */
  private get received(): Buffer {
    return this.store.subarray(0, this.size);
  }

  private closeKindAtEnd(): CloseKind {
    // The kernel's table tells a FIN from an RST. After a FIN, one end of the pair is still
    // there: ours in CLOSE_WAIT (or TIME_WAIT if we had closed first), or the peer's in
    // FIN_WAIT/TIME_WAIT; seen here, a TIME_WAIT may be on either side and may be gone soon
    // after. After an RST, both ends are gone at once.
    // /proc/net/tcp is read in several chunks when large and is not a snapshot: a row missing
    // once may have moved between two chunks. Three reads without either end mean an RST.
    for (let attempt = 0; attempt < 3; attempt++) {
      // The first look may share the table read for other sockets ending at the same moment.
      const table = readTcpTable(attempt > 0);
      if (table === null) return 'FIN'; // no /proc: Node's 'end' is the best we know
      const ours = findIn(table, this.localPort, this.remotePort, true);
      const theirs = findIn(table, this.remotePort, this.localPort, true);
      if ((ours && OURS_AFTER_FIN.has(ours.state)) || (theirs && THEIRS_AFTER_FIN.has(theirs.state))) return 'FIN';
    }
    return 'RST';
  }

  private noteClose(how: CloseKind): void {
    if (this.closedBy) return;
    this.closedBy = how;
    this.journal.add(`${this.name} ← connexion fermée par l'autre côté ${describeClose(how)}`);
  }

  /** Bytes received and not yet returned by readLine(). */
  unreadBytes(): Buffer {
    return this.received.subarray(this.cursor);
  }

  /** Writes one chunk and waits until Node has handed it to the kernel. */
  async send(data: string | Buffer): Promise<void> {
    this.journal.add(`${this.name} → envoyé ${show(data)}`);
    await new Promise<void>((resolve) => {
      if (this.socket.destroyed || this.socket.writableEnded) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /**
   * Sends each part as its own TCP segment, read by the peer in its own read: before the next
   * part, waits until the peer's kernel has acknowledged this one and the peer program has
   * read it (its receive queue is empty). Writes a few ms apart are not enough under load.
   * Without /proc, a short pause is the fallback: a correct program passes either way, only a
   * broken one may then go unnoticed.
   */
  async sendSegments(parts: Array<string | Buffer>): Promise<void> {
    for (const [i, part] of parts.entries()) {
      await this.send(part);
      if (i < parts.length - 1) await this.waitUntilPeerHasRead();
    }
  }

  /**
   * Waits until the peer program has read everything we sent. Before a reset, this makes the
   * peer see an RST as an error (ECONNRESET): with data still unread, Node may report it as an
   * ordinary end of stream instead.
   */
  async waitUntilPeerHasRead(): Promise<void> {
    if (!hasTcpTable()) {
      await new Promise((r) => setTimeout(r, 30));
      return;
    }
    await waitFor(() => {
      // Fresh: a table read earlier in this turn (by another test) may predate the write just made.
      const table = readTcpTable(true) ?? [];
      const ours = findIn(table, this.localPort, this.remotePort);
      const theirs = findIn(table, this.remotePort, this.localPort);
      if (!ours || !theirs) return true; // connection gone: nothing left to wait for
      return ours.txQueue === 0 && theirs.rxQueue === 0 ? true : undefined;
    }, DEADLINES.line, 5); // one read of the table costs about 5 ms of kernel time
  }

  /**
   * The next line (without "\n"; a "\r" before it is kept), or why there is none. A peer
   * process that dies closes its sockets, so this never waits on a dead program.
   */
  async readLine(ms: number = DEADLINES.line): Promise<LineRead> {
    const started = performance.now();
    const waited = await waitFor<LineRead>(() => {
      const nl = this.received.indexOf(0x0a, this.cursor);
      if (nl !== -1) {
        const line = this.received.toString('utf8', this.cursor, nl);
        this.cursor = nl + 1;
        return { kind: 'line', line };
      }
      if (this.closedBy) return { kind: 'closed', how: this.closedBy, partial: this.received.subarray(this.cursor) };
      return undefined;
    }, ms);
    // The deadline, not the wall time it took: on a loaded machine a fair wait lasts longer, and
    // the feedback must read the same wherever the copy was graded.
    return waited.ok ? waited.value : { kind: 'timeout', partial: this.received.subarray(this.cursor), waitedMs: deadline(ms) };
  }

  /** The next `n` bytes, or fewer if the peer closes or `ms` passes first. */
  async readBytes(n: number, ms: number = DEADLINES.line): Promise<Buffer> {
    await waitFor(() => (this.received.length - this.cursor >= n || this.closedBy ? true : undefined), ms);
    const end = Math.min(this.received.length, this.cursor + n);
    const bytes = this.received.subarray(this.cursor, end);
    this.cursor = end;
    return bytes;
  }

  /** Waits until the peer closes; 'timeout' if it keeps the connection open. */
  async waitClosed(ms: number = DEADLINES.close): Promise<CloseKind | 'timeout'> {
    let nextKernelLook = performance.now() + KERNEL_LOOK_EVERY_MS;
    const waited = await waitFor(() => {
      if (this.closedBy || performance.now() < nextKernelLook) return this.closedBy;
      nextKernelLook = performance.now() + KERNEL_LOOK_EVERY_MS;
      if (this.kernelHoldsOnlyFin()) this.noteClose('FIN');
      return this.closedBy;
    }, ms);
    return waited.ok ? waited.value : 'timeout';
  }

  /**
   * Seen here, in Jest workers only (about one run in four of the 50-client test): Node never
   * reported a FIN the kernel had received — socket flowing, its handle reading, nothing
   * buffered, while /proc showed it in CLOSE_WAIT with one unread sequence number, the FIN.
   * So the harness also asks the kernel: ours past the peer's FIN with nothing but the FIN left
   * to read means the peer closed cleanly and everything it sent has been read.
   */
  private kernelHoldsOnlyFin(): boolean {
    const table = readTcpTable();
    const ours = table && findIn(table, this.localPort, this.remotePort, true);
    return !!ours && OURS_AFTER_FIN.has(ours.state) && ours.rxQueue <= 1;
  }

  /** The connection as the kernel sees it now (both ends, their queues), for a feedback; '' without /proc. */
  kernelState(): string {
    const table = readTcpTable();
    if (!table) return '';
    const end = (e: TcpEntry | undefined) => (e ? `${e.state} (à lire\u00a0: ${e.rxQueue} octets, à envoyer\u00a0: ${e.txQueue})` : 'fermée');
    const ours = findIn(table, this.localPort, this.remotePort, true);
    const theirs = findIn(table, this.remotePort, this.localPort, true);
    return `état TCP\u00a0: côté correcteur ${end(ours)}, côté programme ${end(theirs)}`;
  }

  /** Half-close: sends our FIN, keeps reading. */
  end(): void {
    this.journal.add(`${this.name} → fermeture propre (FIN)`);
    this.socket.end();
  }

  /** Closes abruptly: the peer receives an RST. */
  reset(): void {
    this.journal.add(`${this.name} → fermeture brutale (RST)`);
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export function describeClose(how: CloseKind): string {
  return how === 'FIN' ? '(FIN)' : 'brutalement (RST)';
}

/** « reçu : … » for a line read that did not give the expected line. */
export function describeRead(read: LineRead): string {
  switch (read.kind) {
    case 'line':
      return show(read.line + '\n');
    case 'closed':
      return read.partial.length > 0
        ? `${show(read.partial)} sans fin de ligne, puis connexion fermée ${describeClose(read.how)}`
        : `rien, connexion fermée ${describeClose(read.how)}`;
    case 'timeout':
      return read.partial.length > 0
        ? `${show(read.partial)} sans fin de ligne, puis plus rien pendant ${formatMs(read.waitedMs)}`
        : `rien en ${formatMs(read.waitedMs)} (connexion toujours ouverte)`;
  }
}

export type ConnectResult = { ok: true; peer: TcpPeer } | { ok: false; code: string };

/** Connects the harness to 127.0.0.1:port. */
export function connectTo(port: number, journal: Journal, name = 'client du test'): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port, allowHalfOpen: true });
    // A connect on loopback completes in the kernel at once; this bound only catches our own
    // event loop stalled by load, so it is as generous as a cold start.
    const bound = fairDelay(DEADLINES.ready);
    void bound.done.then(() => {
      socket.destroy();
      resolve({ ok: false, code: 'ETIMEDOUT' });
    });
    socket.once('connect', () => {
      bound.cancel();
      journal.add(`${name}\u00a0: connecté à ${HOST}:${port}`);
      resolve({ ok: true, peer: new TcpPeer(socket, journal, name) });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      bound.cancel();
      journal.add(`${name}\u00a0: connexion à ${HOST}:${port} impossible (${err.code ?? err.message})`);
      resolve({ ok: false, code: err.code ?? err.message });
    });
  });
}

/** Decides whether an accepted connection may be graded: it must come from the test's own programs. */
export type Admission = (nearPort: number, farPort: number) => Owner;

/** A server the harness runs, to play the other side against a student's client. */
export class HarnessServer {
  private readonly accepted: TcpPeer[] = [];
  private taken = 0;

  private constructor(private readonly server: net.Server, readonly port: number, private readonly journal: Journal, admit: Admission) {
    server.on('connection', (socket) => {
      const farPort = socket.remotePort ?? 0;
      const owner = admit(port, farPort);
      if (owner === 'stranger') {
        // Never graded: another program of the machine is not the student's client.
        journal.add(`serveur du test\u00a0: connexion d'un programme étranger au test refusée (port ${farPort})`);
        socket.resetAndDestroy();
        return;
      }
      const peer = new TcpPeer(socket, journal, 'serveur du test');
      journal.add(`serveur du test\u00a0: connexion acceptée depuis le port ${farPort}${owner === 'unknown' ? ' (programme propriétaire introuvable)' : ''}`);
      this.accepted.push(peer);
    });
  }

  static listen(port: number, journal: Journal, admit: Admission = () => 'unknown'): Promise<HarnessServer> {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true });
      server.once('error', reject);
      server.listen(port, HOST, () => {
        journal.add(`serveur du test\u00a0: en écoute sur ${HOST}:${port}`);
        resolve(new HarnessServer(server, port, journal, admit));
      });
    });
  }

  /** The next connection accepted, or undefined after `ms` or as soon as `gone()` says the client is gone. */
  async accept(ms: number = DEADLINES.connect, gone?: () => string | undefined): Promise<TcpPeer | undefined> {
    const waited = await waitFor(() => {
      if (this.accepted.length > this.taken) return this.accepted[this.taken++];
      return gone?.() !== undefined ? null : undefined;
    }, ms);
    return waited.ok ? (waited.value ?? undefined) : undefined;
  }

  close(): void {
    this.server.close();
    for (const peer of this.accepted) peer.destroy();
  }
}
