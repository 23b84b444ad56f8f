// Ports for student servers. They come from get-port, below the ephemeral range (32768 and up
// on Linux): a port from that range may already be the local end of an outgoing connection,
// and listening on it then fails with EADDRINUSE.
//
// get-port checks a port by listening on it for a moment, even one it has already handed out:
// two tests asking at once could make a student server's listen() fail. So each port is offered
// to get-port once only: a cursor walks the range within this process, and a claim (a folder,
// created atomically) keeps other grader processes (Jest workers, stress runs) off it.
import getPort from 'get-port';
import { ClaimSet } from '../sandbox/claims';

const FIRST = 20000;
const COUNT = 12000; // 20000–31999
const claims = new ClaimSet('ports', 120_000); // a claim older than 2 minutes was left by a dead process

let cursor = (process.pid * 211) % COUNT;

/** Set by the supervisor for a worker alone on its own loopback: no other process can take a port there. */
const PRIVATE_NETWORK = process.env.TP_RESEAU_PRIVE === '1';

function* candidates(): Iterable<number> {
  for (let i = 0; i < COUNT; i++) {
    const port = FIRST + (cursor++ % COUNT);
    if (PRIVATE_NETWORK || claims.claim(port)) yield port;
  }
}

export async function freePort(): Promise<number> {
  return getPort({ port: candidates(), host: '127.0.0.1' });
}

/** Gives back every port this process claimed (at exit, and after each Jest test file). */
export function releasePorts(): void {
  claims.releaseAll();
}
