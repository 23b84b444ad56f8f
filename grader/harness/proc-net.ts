// Reads the kernel's TCP table (/proc/net/tcp and tcp6) on Linux. It tells facts that Node's
// socket events hide: whether the peer has read what we sent (its receive queue is empty), and
// whether a connection that ended did so with a FIN (ours is then in CLOSE_WAIT) or an RST
// (ours is gone). Elsewhere (macOS, Windows) there is no /proc: callers get null and degrade.
import * as fs from 'node:fs';

const STATES: Record<string, string> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING',
};

export interface TcpEntry {
  localPort: number;
  remotePort: number;
  state: string;
  txQueue: number;
  /** Bytes received and not yet read; for a LISTEN socket, connections waiting for accept(). */
  rxQueue: number;
  /** Retransmissions of the unacknowledged segment (a SYN, while connecting). */
  retransmits: number;
  /** The socket's inode (as in /proc/<pid>/fd links); 0 once no process holds it. */
  inode: number;
}

// IPv4 only: every test talks to 127.0.0.1. One read costs about 5 ms of kernel time whatever
// the table's size (it walks the whole hash table), so callers read it once per check.
const FILE = '/proc/net/tcp';
const available = fs.existsSync(FILE);

export function hasTcpTable(): boolean {
  return available;
}

/**
 * One read serves every caller of the same turn of the event loop (fifty sockets that end
 * together, say); the next turn reads again. `fresh` forces a new read.
 */
let sameTurn: TcpEntry[] | undefined;

/** Every TCP socket of this network namespace, or null where there is no /proc. */
export function readTcpTable(fresh = false): TcpEntry[] | null {
  if (!available) return null;
  if (sameTurn && !fresh) return sameTurn;
  const entries = readTable();
  if (entries) {
    if (!sameTurn) setImmediate(() => (sameTurn = undefined));
    sameTurn = entries;
  }
  return entries;
}

function readTable(): TcpEntry[] | null {
  let text: string;
  try {
    text = fs.readFileSync(FILE, 'latin1');
  } catch {
    return null;
  }
  const entries: TcpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const [tx, rx] = f[4].split(':');
    entries.push({
      localPort: parseInt(f[1].split(':')[1], 16),
      remotePort: parseInt(f[2].split(':')[1], 16),
      state: STATES[f[3]] ?? f[3],
      txQueue: parseInt(tx, 16),
      rxQueue: parseInt(rx, 16),
      retransmits: parseInt(f[6], 16),
      inode: Number(f[9]),
    });
  }
  return entries;
}

/** In `table`, the live socket whose local end is `localPort` and remote end `remotePort`. */
export function findIn(table: TcpEntry[], localPort: number, remotePort: number, withTimeWait = false): TcpEntry | undefined {
  return table.find((e) => e.localPort === localPort && e.remotePort === remotePort && (withTimeWait || e.state !== 'TIME_WAIT'));
}

/** "0100007F" → "127.0.0.1"; 32 hex digits → an IPv6 address (each 32-bit word in host order). */
export function decodeAddress(hex: string): string {
  const word = (i: number) => Buffer.from(hex.slice(i, i + 8), 'hex').reverse();
  if (hex.length === 8) return [...word(0)].join('.');
  const bytes = Buffer.concat([word(0), word(8), word(16), word(24)]);
  if (bytes.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex'))) return [...bytes.subarray(12)].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  return `[${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]`;
}

/** Addresses ("127.0.0.1:5050", "[::1]:5050") on which the sockets with these inodes listen, IPv4 and IPv6. */
export function listeningAddresses(inodes: number[]): string[] {
  if (!available || inodes.length === 0) return [];
  const wanted = new Set(inodes);
  const found: string[] = [];
  for (const file of [FILE, '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !wanted.has(Number(f[9]))) continue;
      const [address, port] = f[1].split(':');
      found.push(`${decodeAddress(address)}:${parseInt(port, 16)}`);
    }
  }
  return found;
}
