// When has a student's server seen that a client left? Its process closes the connection's
// socket (the file descriptor) once it has handled the departure; only then does a server that
// serves clients one after the other (server.maxConnections = 1, a queue) take the next one.
// A test that opens the next client "after" the previous one waits for that, so that such a
// server gets the same verdict every time, instead of one that depends on which of the
// harness's connect and the server's close comes first. Linux reads /proc; elsewhere a short
// pause stands in (a correct server passes either way).
import type { TcpPeer } from './connection';
import { findIn, readTcpTable } from './proc-net';
import { holdsSocket, treePids } from './proc-tree';
import type { StudentRun } from './student';
import { DEADLINES, waitFor } from './timing';

export interface Departure {
  /** Waits until the server has let go of the connection (never fails: it only orders events). */
  handled(): Promise<void>;
}

/** Call while `conn` is open: remembers which socket of `server` serves it. */
export function watchDeparture(server: StudentRun, conn: TcpPeer): Departure {
  const inode = programSocketInode(conn);
  return {
    async handled() {
      if ((await letGoWithin(server, inode, DEADLINES.close)) === null) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

/**
 * Whether `server` has let go of the socket `inode` (closed it, or exited) within `ms`;
 * `null` means it cannot be seen here (no /proc), and the caller decides otherwise.
 */
export async function letGoWithin(server: StudentRun, inode: number, ms: number): Promise<boolean | null> {
  const pid = server.proc.pid;
  const pids = pid === undefined || inode === 0 ? null : treePids(pid);
  if (pids === null || holdsSocket(pids, inode) === null) return null;
  const waited = await waitFor(() => (server.proc.exit || holdsSocket(pids, inode) !== true ? true : undefined), ms, 10);
  return waited.ok;
}

/**
 * Whether `server` has accepted `conn` within `ms`: the harness's connect completes when the
 * kernel has queued the connection, before the program's accept(), and closing the listening
 * socket then resets what is still queued. A test that signals a server « with two clients
 * connected » waits for this, so that its verdict does not depend on whether a busy machine
 * ran the server's accept() before the signal. The queued connection's row in /proc/net/tcp
 * has no inode until it is accepted. False when not accepted in time (a server that serves
 * one client at a time), or gone; null when it cannot be seen here (no /proc).
 */
export async function acceptedWithin(server: StudentRun, conn: TcpPeer, ms: number): Promise<boolean | null> {
  if (readTcpTable() === null) return null;
  const waited = await waitFor(() => {
    if (server.proc.exit) return false;
    return programSocketInode(conn) !== 0 ? true : undefined;
  }, ms, 5);
  return waited.ok && waited.value;
}

/**
 * The inode of the student program's socket for `conn` (the harness's end): 0 when unknown.
 * The program's end is the remote one, whether it accepted the connection or opened it.
 */
export function programSocketInode(conn: TcpPeer): number {
  // /proc/net/tcp is not a snapshot: a row can be missed once while the table moves. The first
  // look may share this turn's read; a retry reads again, or it would see the same miss.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inode = findIn(readTcpTable(attempt > 0) ?? [], conn.remotePort, conn.localPort)?.inode ?? 0;
    if (inode !== 0) return inode;
  }
  return 0;
}
