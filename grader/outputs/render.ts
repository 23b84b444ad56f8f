// Every file of a graded class, derived from its manifest and records (and the barème, the
// overrides, Moodle's worksheet): notes.csv, retours/<id>.md, json/<id>.json, classe.html, and
// for a Moodle class moodle.csv and retours.zip. Re-rendering never runs a program.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gradescopeResults } from '../gradescope/results';
import { writeAtomically } from '../records/atomic';
import type { Manifest } from '../records/manifest';
import { describeGrader, graderVersion } from '../records/provenance';
import type { RecordStore } from '../records/store';
import { baremeHash, GradingError, type Bareme } from '../scoring';
import { classPage } from './class-page';
import { feedbackMarkdown, type FeedbackMode, type Provenance } from './feedback';
import { feedbackZip } from './feedback-zip';
import { classResults, gradebookCsv, type StudentResult } from './gradebook';
import { fillWorksheet, worksheetParticipants } from './moodle-worksheet';
import { readOverrides } from './overrides';

export interface RenderOptions {
  outDir: string;
  manifest: Manifest;
  store: RecordStore;
  bareme: Bareme;
  overridesFile: string;
  separator: ',' | ';';
  feedback: FeedbackMode;
  /** Moodle's grading worksheet, to fill into moodle.csv. */
  worksheet?: string;
  title: string;
}

export interface Rendered {
  results: StudentResult[];
  /** Files and folders written, relative to the output folder. */
  written: string[];
  /** Lines for the teacher (what the Moodle worksheet got). */
  report: string[];
}

export async function renderClass(options: RenderOptions): Promise<Rendered> {
  const { outDir, manifest, bareme } = options;
  const provenance: Provenance = { grader: describeGrader(graderVersion()), bareme: baremeHash(bareme) };
  let worksheetText: string | undefined;
  if (options.worksheet) {
    try {
      worksheetText = fs.readFileSync(options.worksheet, 'utf8');
    } catch {
      throw new GradingError(`feuille d'évaluation Moodle introuvable\u00a0: ${options.worksheet}`);
    }
  }
  // Students listed in the worksheet who handed in nothing are in no download: absent.
  const students = [...manifest.students];
  if (worksheetText !== undefined) {
    const handedIn = new Set(students.map((s) => s.moodle?.participant).filter(Boolean));
    for (const [participant, name] of worksheetParticipants(worksheetText, options.worksheet!)) {
      if (!handedIn.has(participant)) {
        students.push({ id: participant, name, moodle: { participant, folder: '' }, source: options.worksheet!, state: 'empty', notes: [] });
      }
    }
  }
  const full: Manifest = { ...manifest, students };
  const overrides = readOverrides(options.overridesFile, bareme, new Set(students.map((s) => s.id)));
  const results = classResults(full, (key) => options.store.read(key), bareme, overrides);
  const written: string[] = [];
  const report: string[] = [];
  const write = (rel: string, content: string | Buffer) => {
    writeAtomically(path.join(outDir, rel), content);
    written.push(rel);
  };

  write('notes.csv', gradebookCsv(results, bareme, { separator: options.separator }));

  const feedbacks = new Map<StudentResult, string>();
  const keep = { retours: new Set<string>(), json: new Set<string>() };
  for (const r of results) {
    if (r.student.source === options.worksheet) continue; // listed in the worksheet only
    const stored = r.student.key ? options.store.read(r.student.key) : undefined;
    const grader = stored && 'record' in stored ? describeGrader(stored.record.grader) : provenance.grader;
    const text = feedbackMarkdown(r, bareme, { ...provenance, grader }, options.feedback);
    feedbacks.set(r, text);
    keep.retours.add(`${r.student.id}.md`);
    writeAtomically(path.join(outDir, 'retours', `${r.student.id}.md`), text);
    if (r.score) {
      const seconds = stored && 'record' in stored ? stored.record.verdicts.reduce((a, v) => a + v.durationMs, 0) / 1000 : 0;
      const json = gradescopeResults(r.score, seconds, {
        output: `Corrigé par ${grader}, barème ${provenance.bareme}.${r.student.notes.length ? `\n${r.student.notes.join('\n')}` : ''}`,
        partSources: r.student.partSources,
        summaryOnly: options.feedback === 'resume',
      });
      keep.json.add(`${r.student.id}.json`);
      writeAtomically(path.join(outDir, 'json', `${r.student.id}.json`), JSON.stringify(json, null, 2) + '\n');
    }
  }
  // Files of students no longer in the class would outlive them: the folders are ours, tidy them.
  for (const [dir, names] of Object.entries(keep)) {
    const full = path.join(outDir, dir);
    if (!fs.existsSync(full)) continue;
    for (const f of fs.readdirSync(full)) if (!names.has(f)) fs.rmSync(path.join(full, f), { force: true });
    written.push(`${dir}/`);
  }

  write('classe.html', classPage(results, bareme, provenance, options.title));

  if (worksheetText !== undefined) {
    const filled = fillWorksheet(worksheetText, options.worksheet!, results, bareme, provenance);
    write('moodle.csv', filled.text);
    report.push(...filled.report);
  }
  const moodle = results.filter((r) => r.student.moodle?.folder && feedbacks.has(r));
  if (moodle.length > 0) {
    write('retours.zip', await feedbackZip(moodle.map((r) => ({ folder: r.student.moodle!.folder, name: 'retour.md', content: feedbacks.get(r)! }))));
  }
  return { results, written, report };
}
