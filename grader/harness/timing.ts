// Deadlines of the harness. A correct program answers in milliseconds on loopback, so a deadline
// only bounds what a broken program costs; TP_DEADLINE_SCALE stretches every deadline at once
// on a slow machine instead of tuning tests one by one.
import { AsyncLocalStorage } from 'node:async_hooks';
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
 * A deadline that does not depend on how much CPU the machine gives: time during which the
 * programs of the test, or the grader itself, were runnable but waiting for a processor (a
 * loaded machine, a CPU quota) is not counted against them. A program that sleeps or answers
 * nothing is late at the usual deadline; a program that was never scheduled is not.
 */
export interface FairClock {
  /** Starts a measure; the function returned gives the ms excused since (CPU refused to whoever waited most). */
  start(): () => number;
}

/** The clock of the test being run, for every wait inside it (set by the runner). */
export const testClock = new AsyncLocalStorage<FairClock>();

/**
 * However starved the machine, no wait lasts longer than this many times its deadline: the
 * grader never hangs, it only slows down.
 */
export const MAX_STRETCH = 20;

/** Whether `ms` (scaled) of fair time have passed since `started`, a wait begun with `excused`. */
export function fairlyElapsed(started: number, ms: number, excused?: () => number): boolean {
  const wall = performance.now() - started;
  const limit = deadline(ms);
  if (wall < limit) return false; // the common case: nothing to read
  if (wall >= limit * MAX_STRETCH) return true;
  return wall - (excused?.() ?? 0) >= limit;
}

/**
 * Polls `check` until it returns something other than undefined, at most `ms` (scaled) of
 * fair time (see FairClock). The sources polled (captured output, socket buffers, /proc)
 * change on events we do not own; polling them every few ms is cheap and keeps one way of
 * waiting everywhere.
 */
export async function waitFor<T>(check: () => T | undefined, ms: number, interval = 3): Promise<Waited<T>> {
  // p-wait-for 6 adds an 'abort' listener to its signal at every poll and removes none until
  // the wait ends; on its own timeout signal Node then warns of a leak after ten polls. Our own
  // signal, with no listener limit, holds them for the length of this one wait instead.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const excused = testClock.getStore()?.start();
  const started = performance.now();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), deadline(ms) * MAX_STRETCH);
  try {
    let nextCheck = 0;
    const value = await pWaitFor<T | typeof TIMED_OUT>(
      () => {
        // Back off on long waits: every `interval` ms for the first moments (a correct program
        // answers within them), then less and less often, up to every BACKOFF_MAX_MS: the
        // sources polled cost a /proc read or a buffer scan each, and a long wait is one for a
        // program that is late or silent, whose verdict a few ms later is the same.
        const now = performance.now();
        if (now < nextCheck) return false;
        nextCheck = now + Math.min(Math.max(interval, BACKOFF_MAX_MS), Math.max(interval, (now - started) / 8));
        // Never past the nominal deadline: an answer just before it is seen before it.
        if (now < started + deadline(ms)) nextCheck = Math.min(nextCheck, started + deadline(ms));
        const v = check();
        if (v !== undefined) return pWaitFor.resolveWith(v);
        return fairlyElapsed(started, ms, excused) ? pWaitFor.resolveWith(TIMED_OUT) : false;
      },
      { interval, signal: controller.signal },
    );
    return value === TIMED_OUT ? { ok: false, timedOut: true } : { ok: true, value: value as T };
  } catch (err) {
    if (err === TIMED_OUT) return { ok: false, timedOut: true };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `ms` (scaled) of fair time have passed; `cancel` stops it. */
export function fairDelay(ms: number, clock = testClock.getStore()): { done: Promise<void>; cancel(): void } {
  const excused = clock?.start();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    const look = () => {
      if (fairlyElapsed(started, ms, excused)) return resolve();
      timer = setTimeout(look, Math.max(20, Math.min(250, deadline(ms) / 10)));
    };
    timer = setTimeout(look, deadline(ms));
  });
  return { done, cancel: () => clearTimeout(timer) };
}

const TIMED_OUT = Symbol('timed out');

/** The longest gap between two looks of a long wait (see waitFor). */
const BACKOFF_MAX_MS = 25;

/** Human duration in French: « 2 s », « 150 ms ». */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0s` : `${Math.round(ms)}\u00a0ms`;
}
