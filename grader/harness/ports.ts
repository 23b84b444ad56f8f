// Ports for student servers. They come from get-port, below the ephemeral range (32768 and up
// on Linux): a port from that range may already be the local end of an outgoing connection,
// and listening on it then fails with EADDRINUSE.
//
// get-port checks a port by listening on it for a moment, even one it has already handed out:
// two tests asking at once could make a student server's listen() fail. So each port is offered
// to get-port once only: a cursor walks the range within this process, and a claim (a folder,
// created atomically) keeps other grader processes (Jest workers, stress runs) off it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import getPort from 'get-port';

const FIRST = 20000;
const COUNT = 12000; // 20000–31999
const CLAIM_LIFETIME_MS = 120_000; // a claim older than this was left by a dead process
const CLAIMS = path.join(os.tmpdir(), 'tp-micro-ports');

let cursor = (process.pid * 211) % COUNT;
const claimed: string[] = [];

/** Claims `port` for this process; false if another live grader holds it. */
function claim(port: number): boolean {
  const dir = path.join(CLAIMS, String(port));
  try {
    fs.mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return true; // cannot claim: get-port still checks
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < CLAIM_LIFETIME_MS) return false;
      fs.utimesSync(dir, new Date(), new Date()); // stale: take it over
    } catch {
      return false;
    }
  }
  claimed.push(dir);
  return true;
}

function* candidates(): Iterable<number> {
  for (let i = 0; i < COUNT; i++) {
    const port = FIRST + (cursor++ % COUNT);
    if (claim(port)) yield port;
  }
}

export async function freePort(): Promise<number> {
  fs.mkdirSync(CLAIMS, { recursive: true });
  return getPort({ port: candidates(), host: '127.0.0.1' });
}

/** Gives back every port this process claimed (at exit, and after each Jest test file). */
export function releasePorts(): void {
  for (const dir of claimed.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

process.once('exit', releasePorts);
