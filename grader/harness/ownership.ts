// Whose socket is at the other end of a connection the harness accepted: a program of the test,
// a stranger (another program of the machine), or no one any more. The kernel knows: the
// connection's far end in /proc/net/tcp has an inode, and a process holds that inode among its
// file descriptors (/proc/<pid>/fd). A connection counts only when it comes from the test's own
// programs: a stranger's line is never graded.
import { processTree, socketInodes } from '../sandbox/proc';
import { findIn, readTcpTable } from './proc-net';
import type { StudentProcess } from './launcher';

export type Owner = 'test' | 'stranger' | 'unknown';

/** The owner of the connection whose far end is `farPort` and whose near end (ours) is `nearPort`. */
export function ownerOfPeer(nearPort: number, farPort: number, programs: StudentProcess[]): Owner {
  const table = readTcpTable();
  if (table === null) return 'unknown'; // no /proc: nothing can be told
  // A read shared with this turn of the event loop may predate the connection: then read again.
  const far = findIn(table, farPort, nearPort, true) ?? findIn(readTcpTable(true) ?? [], farPort, nearPort, true);
  if (!far || far.inode === 0) return 'unknown'; // its owner has already closed it
  for (const program of programs) {
    if (program.pid === undefined) continue;
    for (const pid of processTree(program.pid)) if (socketInodes(pid).includes(far.inode)) return 'test';
  }
  return 'stranger';
}
