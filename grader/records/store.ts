// One record per copy, written as each verdict comes and keyed by what decides the verdicts:
// the copy's content, the seed and the grader's fingerprint. Two classes, or a copy handed in
// again with a change, never share a record; the same content graded twice shares one. Every
// output (gradebook, Moodle, feedback, class page) is derived from these records by plain
// functions, so that re-rendering never re-runs a program.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_CASES } from '../cases';
import type { Status, Verdict } from '../grading/runner';
import { writeAtomically } from './atomic';
import type { GraderVersion } from './provenance';

export interface CopyRecord {
  format: 1;
  key: string;
  grader: { version: string; commit?: string; modified?: boolean; fingerprint: string };
  seed: number;
  /** Every declared test has its verdict. */
  complete: boolean;
  verdicts: Verdict[];
}

export type ReadRecord = { record: CopyRecord } | { problem: string } | undefined;

const STATUSES: ReadonlySet<Status> = new Set(['passed', 'failed', 'timeout', 'error']);

/** The key of a copy's record. */
export function recordKey(contentHash: string, seed: number, grader: GraderVersion): string {
  return createHash('sha256').update(`tp-micro-service record\n${contentHash}\n${seed}\n${grader.fingerprint}\n`).digest('hex').slice(0, 32);
}

export class RecordStore {
  private readonly live = new Map<string, CopyRecord>();

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** The stored record, checked; a problem (hand-edited, truncated) in French; undefined when none. */
  read(key: string): ReadRecord {
    let text: string;
    try {
      text = fs.readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    let record: CopyRecord;
    try {
      record = JSON.parse(text) as CopyRecord;
    } catch {
      return { problem: `verdicts enregistrés illisibles (${path.basename(this.file(key))})` };
    }
    const problem = checkRecord(record, key);
    return problem ? { problem } : { record };
  }

  /** Starts a record for a copy about to be graded (replacing an incomplete or stale one). */
  start(key: string, seed: number, grader: GraderVersion): void {
    const record: CopyRecord = {
      format: 1,
      key,
      grader: { version: grader.version, commit: grader.commit, modified: grader.modified, fingerprint: grader.fingerprint },
      seed,
      complete: false,
      verdicts: [],
    };
    this.live.set(key, record);
    this.write(record);
  }

  /** Stores one verdict as soon as it is known. */
  add(key: string, verdict: Verdict): void {
    const record = this.live.get(key);
    if (!record) throw new Error(`no record started for ${key}`);
    record.verdicts.push(verdict);
    this.write(record);
  }

  /** Marks a record complete, its verdicts in the order the tests are declared. */
  complete(key: string, verdicts: Verdict[]): void {
    const record = this.live.get(key);
    if (!record) throw new Error(`no record started for ${key}`);
    record.verdicts = verdicts;
    record.complete = true;
    this.write(record);
    this.live.delete(key);
  }

  private write(record: CopyRecord): void {
    writeAtomically(this.file(record.key), JSON.stringify(record, null, 1) + '\n');
  }
}

/** A record the grader did not write as it is (a status typed by hand, a test gone) is not used. */
function checkRecord(record: CopyRecord, key: string): string | undefined {
  const known = new Set(ALL_CASES.map((c) => c.id));
  if (record?.format !== 1 || record.key !== key || !Array.isArray(record.verdicts) || typeof record.complete !== 'boolean') {
    return `verdicts enregistrés invalides (${key}.json)`;
  }
  for (const v of record.verdicts) {
    if (!v || typeof v.id !== 'string' || !known.has(v.id)) return `verdict enregistré pour un test inconnu («\u00a0${String(v?.id)}\u00a0»)`;
    if (!STATUSES.has(v.status)) return `verdict enregistré invalide pour «\u00a0${v.id}\u00a0» (statut «\u00a0${String(v.status)}\u00a0»)`;
  }
  return undefined;
}
