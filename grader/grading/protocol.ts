// The messages between the supervisor (the grader's own process) and a worker (a child process
// that runs tests). Everything a worker needs comes this way, never on its command line or in
// its environment, which programs in a weaker sandbox might read: the seed above all.
import type { Copy } from './copy';
import type { Verdict } from './runner';

export type ToWorker = { type: 'grade'; index: number; copy: Copy; caseIds: string[]; seed: number; jobs: number };

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'started'; index: number; id: string }
  | { type: 'verdict'; index: number; verdict: Verdict }
  /** A student program started: what the supervisor needs to kill it if the worker dies. */
  | { type: 'spawned'; pid: number; uid?: number; token?: string; pidNamespace?: number; boxed?: boolean; gone?: boolean }
  /** Every test of the copy has its verdict; `cpuMs`: the worker's own CPU time since it started, start-up included. */
  | { type: 'done'; index: number; cpuMs: number };
