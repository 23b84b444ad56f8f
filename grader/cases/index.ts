// Every graded behaviour, in the order the grader prints them.
import { partie1 } from './partie-1';
import { partie2 } from './partie-2';
import { partie3 } from './partie-3';
import { partie4 } from './partie-4';
import type { TestCase } from './types';

export const ALL_CASES: TestCase[] = [...partie1, ...partie2, ...partie3, ...partie4];

export const PARTS = [...new Set(ALL_CASES.map((c) => c.part))];

export function casesOfPart(part: number): TestCase[] {
  return ALL_CASES.filter((c) => c.part === part);
}

export type { TestCase };
