// A hand-in the grader will not read, and why, in one French sentence for the gradebook's
// « non noté (…) » and the teacher's list of copies not graded.
export class Refused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Refused';
  }
}

export function refuse(reason: string): never {
  throw new Refused(reason);
}
