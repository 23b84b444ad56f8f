// Ports for student servers. They come from get-port, below the ephemeral range (32768 and up
// on Linux): a port from that range may already be the local end of an outgoing connection,
// and listening on it then fails with EADDRINUSE. get-port locks what it returns only within
// one process; several graders at once (Jest workers, the stress script) start their search at
// a different place each, so that they do not race for the same port.
import getPort from 'get-port';

const FIRST = 20000;
const COUNT = 12000; // 20000–31999
const offset = (process.pid * 211) % COUNT;

function* candidates(): Iterable<number> {
  for (let i = 0; i < COUNT; i++) yield FIRST + ((offset + i) % COUNT);
}

export async function freePort(): Promise<number> {
  return getPort({ port: candidates(), host: '127.0.0.1' });
}
