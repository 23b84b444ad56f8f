// Deadlines of the harness. A correct program answers in milliseconds on loopback, so a deadline
// only bounds what a broken program costs; TP_DEADLINE_SCALE stretches every deadline at once
// on a slow machine instead of tuning tests one by one.
import { setMaxListeners } from 'node:events';
import pWaitFor from 'p-wait-for';

const scale = Number(process.env.TP_DEADLINE_SCALE);
export const DEADLINE_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;

/** A deadline in ms, scaled. */
export function deadline(ms: number): number {
  return Math.round(ms * DEADLINE_SCALE);
}

/** Default deadlines, in ms before scaling. */
export const DEADLINES = {
  ready: 4000, // start of a node process until its ready line (cold start under load)
  line: 2000, // one line over TCP or on stdout
  close: 2000, // the peer's FIN or RST
  exit: 3000, // a process's exit
  connect: 2000, // a client's connection to the harness
  test: 15000, // a whole test case
} as const;

export type Waited<T> = { ok: true; value: T } | { ok: false; timedOut: true };

/**
 * Polls `check` until it returns something other than undefined, at most `ms` (scaled).
 * The sources polled (captured output, socket buffers, /proc) change on events we do not
 * own; polling them every few ms is cheap and keeps one way of waiting everywhere.
 */
export async function waitFor<T>(check: () => T | undefined, ms: number, interval = 3): Promise<Waited<T>> {
  // p-wait-for 6 adds an 'abort' listener to its signal at every poll and removes none until
  // the wait ends; on its own timeout signal Node then warns of a leak after ten polls. Our own
  // signal, with no listener limit, holds them for the length of this one wait instead.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(TIMED_OUT), deadline(ms));
  try {
    const value = await pWaitFor<T>(
      () => {
        const v = check();
        return v === undefined ? false : pWaitFor.resolveWith(v);
      },
      { interval, signal: controller.signal },
    );
    return { ok: true, value };
  } catch (err) {
    if (err === TIMED_OUT) return { ok: false, timedOut: true };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol('timed out');

/** Human duration in French: « 2 s », « 150 ms ». */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0s` : `${Math.round(ms)}\u00a0ms`;
}
