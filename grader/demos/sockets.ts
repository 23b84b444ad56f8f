// The few socket moves the demonstrations share, on 127.0.0.1 only: listen, connect and see how
// it ended, read the kernel's view of one connection, and close everything at the end.
import { once } from 'node:events';
import * as net from 'node:net';
import { HOST } from '../harness/connection';
import { freePort } from '../harness/ports';
import { findIn, readTcpTable, type TcpEntry } from '../harness/proc-net';
import { waitFor } from '../harness/timing';

export { HOST, freePort };

/** Everything a scene opened, closed at its end whatever happened. */
export class Stage {
  private readonly servers: net.Server[] = [];
  private readonly sockets: net.Socket[] = [];

  /** A server listening on 127.0.0.1:`port` (`server.listen()` is bind() then listen()). */
  async listen(port: number, onConnection: (socket: net.Socket) => void = () => {}, options: net.ServerOpts = {}): Promise<net.Server> {
    const server = net.createServer(options, onConnection);
    server.on('connection', (socket) => {
      this.sockets.push(socket);
      // A scene listens for the errors it shows; any other must not end the narration with a
      // stack trace (the scene then notes what it did not see).
      socket.on('error', () => {});
    });
    this.servers.push(server);
    server.listen({ port, host: HOST });
    await once(server, 'listening');
    return server;
  }

  /**
   * Connects to 127.0.0.1:`port`: the socket once connected, or the error code. A `paused`
   * socket reads nothing until resumed: what arrives waits in the kernel.
   */
  async connect(port: number, options: { paused?: boolean } = {}): Promise<{ socket: net.Socket } | { code: string; message: string }> {
    const socket = this.track(net.connect(port, HOST));
    if (options.paused) socket.pause(); // before 'connect', Node then never starts reading
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket }));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve({ code: err.code ?? '?', message: err.message }));
    });
  }

  /**
   * A server on a fresh port and one client connected to it: both ends of the connection, once
   * the server has accepted it. Listeners added then miss nothing: neither end has emitted any
   * data yet. A `paused` client, like a server end accepted with pauseOnConnect, reads nothing
   * until resumed.
   */
  async pair(options: { server?: net.ServerOpts; paused?: boolean } = {}): Promise<{ client: net.Socket; server: net.Socket }> {
    const port = await freePort();
    let accepted: net.Socket | undefined;
    await this.listen(port, (socket) => (accepted = socket), options.server);
    const client = await this.connect(port, { paused: options.paused });
    if (!('socket' in client)) throw new Error(`connexion impossible à 127.0.0.1:${port} (${client.code})`);
    const server = await waitFor(() => accepted, 1000);
    if (!server.ok) throw new Error(`le serveur de la démonstration n'a pas accepté la connexion sur 127.0.0.1:${port}`);
    return { client: client.socket, server: server.value };
  }

  /** Keeps `socket` to be closed at the end of the scene. */
  track(socket: net.Socket): net.Socket {
    this.sockets.push(socket);
    return socket;
  }

  close(): void {
    for (const socket of this.sockets.splice(0)) socket.destroy();
    for (const server of this.servers.splice(0)) server.close();
  }
}

/** The kernel's view of the socket whose local end is `localPort`, remote `remotePort` (Linux only). */
export function kernelEntry(localPort: number, remotePort: number): TcpEntry | undefined | null {
  const table = readTcpTable();
  return table && findIn(table, localPort, remotePort, true);
}

/** Resolves once `socket` has handed `data` to the kernel. */
export function write(socket: net.Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => socket.write(data, () => resolve()));
}

/** A socket's ports, read while it is connected. */
export function ends(socket: net.Socket): { local: number; remote: number } {
  return { local: socket.localPort ?? 0, remote: socket.remotePort ?? 0 };
}

/** Bytes in French, with a non-breaking space: « 8 octets ». */
export function bytes(n: number): string {
  return `${n.toLocaleString('fr-FR')}\u00a0octet${n > 1 ? 's' : ''}`;
}

/**
 * Resumes a socket that has read nothing yet (connected paused, or accepted with
 * pauseOnConnect) once `count` bytes wait in its kernel receive buffer, as a reader busy for a
 * moment would find them. The kernel's table says when they are there (loopback delivers during
 * the send, but may lag under load); without /proc, the send's callback is our best sign.
 */
export async function resumeWhenQueued(socket: net.Socket, count: number): Promise<void> {
  await waitQueued(socket, count);
  socket.resume();
}

/** Waits (bounded) until `count` bytes wait unread in `socket`'s kernel receive buffer. */
export async function waitQueued(socket: net.Socket, count: number): Promise<void> {
  const { local, remote } = ends(socket);
  await waitQueuedAt(local, remote, count);
}

/**
 * The same for the socket whose ends are `local` and `remote`, even one this thread does not
 * hold. True once they are there; true at once without /proc (nothing to look at).
 */
export async function waitQueuedAt(local: number, remote: number, count: number): Promise<boolean> {
  return (await waitFor(() => ((kernelEntry(local, remote)?.rxQueue ?? count) >= count ? true : undefined), 1000)).ok;
}
