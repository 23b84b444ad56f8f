// What never goes into the students' repository: the references, the grading command and its
// barème, the project's own tests and fixtures, CI, the teacher's documentation, and the
// handout builder itself. The builder refuses to write any of them; its test looks for them.
export const TEACHER_ONLY = [
  'solutions',
  'test',
  '.ci',
  'jest.config.ts',
  'grader/jest',
  'grader/cli/grade.ts',
  'grader/cli/handout.ts',
  'grader/handout',
  'grader/bareme.json',
  'grader/grading/class-run.ts',
  'grader/report.ts',
  'grader/harness/typecheck.ts',
];

/** True when `relative` (with /) is a teacher-only path or lies inside one. */
export function isTeacherOnly(relative: string): boolean {
  return TEACHER_ONLY.some((p) => relative === p || relative.startsWith(`${p}/`));
}
