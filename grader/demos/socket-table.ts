// The sockets of one port as a person would list them: `ss -tan` where it exists (Linux), else
// the kernel's table read directly (/proc/net/tcp, Linux without iproute2), else `netstat -an`
// (macOS, Windows). Each shows the state of every socket: LISTEN, ESTABLISHED, TIME_WAIT…
import { execFileSync } from 'node:child_process';
import { readTcpTable } from '../harness/proc-net';

export interface SocketTable {
  tool: string;
  lines: string[];
}

function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined; // not installed, or failed: try the next way
  }
}

function withSs(port: number): SocketTable | undefined {
  const out = run('ss', ['-tan', `( sport = :${port} or dport = :${port} )`]);
  return out === undefined ? undefined : { tool: `ss -tan '( sport = :${port} or dport = :${port} )'`, lines: out.trimEnd().split('\n') };
}

function withProc(port: number): SocketTable | undefined {
  const table = readTcpTable();
  if (!table) return undefined;
  const rows = table.filter((e) => e.localPort === port || e.remotePort === port);
  const lines = rows.map((e) => `${e.state.padEnd(12)} ${String(e.rxQueue).padStart(7)} ${String(e.txQueue).padStart(7)}   127.0.0.1:${e.localPort}   ${e.remotePort ? `127.0.0.1:${e.remotePort}` : '*'}`);
  return { tool: '/proc/net/tcp', lines: [`${'État'.padEnd(12)} ${'Recv-Q'.padStart(7)} ${'Send-Q'.padStart(7)}   Local             Distant`, ...lines] };
}

function withNetstat(port: number): SocketTable | undefined {
  const out = run('netstat', process.platform === 'win32' ? ['-an', '-p', 'TCP'] : ['-an', '-p', 'tcp']);
  if (out === undefined) return undefined;
  const mine = new RegExp(`[.:]${port}(\\s|$)`);
  return { tool: 'netstat -an', lines: out.split(/\r?\n/).filter((line) => mine.test(line)) };
}

/** Every TCP socket whose local or remote port is `port`, or null where no way works. */
export function socketTable(port: number): SocketTable | null {
  return withSs(port) ?? withProc(port) ?? withNetstat(port) ?? null;
}
