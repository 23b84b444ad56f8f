// Moodle's names for a student's hand-in, as mod/assign/classes/downloader.php writes them:
// - in folders (the default since Moodle 3.1): `Nom Prénom_12345_assignsubmission_file/…`,
//   with a trailing `_` before Moodle 4.1 (`…_assignsubmission_file_/…`);
// - without folders: `Nom Prénom_12345_assignsubmission_file_rapport.zip`;
// - under anonymous marking the name is `Participant` (the same word in French);
// - for group hand-ins the name is the group's and the number the group's id.
// Moodle replaces `_` by a space in the name, so the first `_` ends it. The 12345 is the
// assignment's per-user identifier (`Participant 12345` in the grading worksheet), which is also
// what the feedback-files upload matches on (assignfeedback_file/importziplib.php).
export interface MoodleName {
  /** The name as Moodle wrote it: "Nom Prénom", or "Participant". */
  name: string;
  /** The assignment's per-user identifier. */
  participant: string;
  /** "file", "onlinetext"… */
  plugin: string;
  /** The folder (or file prefix) as written, up to the plugin's name, trailing `_` included. */
  prefix: string;
  /** What follows the prefix: the file's name in the flat layout, '' for a folder. */
  rest: string;
}

const MOODLE_SEGMENT = /^([^_/]*)_(\d+)_(assignsubmission)_([a-z0-9]+)(_?)(.*)$/;

/** Parses one path segment; undefined when it is not one of Moodle's names. */
export function parseMoodleName(segment: string): MoodleName | undefined {
  const m = MOODLE_SEGMENT.exec(segment);
  if (!m) return undefined;
  const [, name, participant, , plugin, underscore, rest] = m;
  return { name: name.trim(), participant, plugin, prefix: `${name}_${participant}_assignsubmission_${plugin}${underscore}`, rest };
}

/** Whether a list of top-level names is a Moodle download. */
export function isMoodleLayout(topNames: string[]): boolean {
  return topNames.some((n) => parseMoodleName(n) !== undefined);
}

/** The folder the feedback upload expects for a student, when the download had none (flat). */
export function feedbackFolder(name: string, participant: string): string {
  return `${name.replace(/_/g, ' ')}_${participant}_assignsubmission_file`;
}
