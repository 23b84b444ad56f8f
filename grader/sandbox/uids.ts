// A uid per box, when the grader runs as root (as isolate gives each box its own uid): the
// program cannot signal, trace or read anything of another uid, and its processes are counted
// (RLIMIT_NPROC) and found (kill by uid) as its own. Claimed machine-wide, like ports.
import { ClaimSet } from './claims';
import { POLICY } from './policy';

// Longer than any test may run, however stretched (TP_DEADLINE_SCALE): a claim older than
// this was left by a grader that died.
const claims = new ClaimSet('uids', 15 * 60_000);
let cursor = (process.pid * 7) % POLICY.uidRange.count;

/** A uid no other live box uses, or undefined when the whole range is taken. */
export function takeUid(): number | undefined {
  for (let i = 0; i < POLICY.uidRange.count; i++) {
    const uid = POLICY.uidRange.first + (cursor++ % POLICY.uidRange.count);
    if (claims.claim(uid)) return uid;
  }
  return undefined;
}

/** Gives `uid` back once every process of its box is gone. */
export function giveBackUid(uid: number): void {
  claims.release(uid);
}
