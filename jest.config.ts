/**
 * One project, `self`: the project's own test suite (npm test, CI), which runs the grader's test
 * cases through the thin adapter in grader/jest. The public tests a student runs
 * (npm run check) do not go through Jest: grader/cli/check.ts runs the same cases directly,
 * without Jest's start-up, and only needs what a student installs.
 *
 * Loaded by ts-node; transpile-only saves about a second at every start.
 * @jest-config-loader-options {"transpileOnly": true}
 */
import type { Config } from 'jest';

const common = {
  testEnvironment: 'node',
  // get-port and p-wait-for are ESM only: ts-jest turns them into CommonJS like our own code.
  transform: { '^.+\\.[tj]s$': ['ts-jest', {}] as [string, object] },
  transformIgnorePatterns: ['/node_modules/(?!(get-port|p-wait-for|p-timeout)/)'],
  testEnvironmentOptions: { globalsCleanup: 'off' },
  setupFilesAfterEnv: ['<rootDir>/grader/jest/cleanup.ts'],
};

const config: Config = {
  // A graded case bounds itself (DEADLINES.test); this only catches a stuck harness.
  testTimeout: 60_000,
  // Each graded case starts node processes: on this 2-core machine, two workers running two
  // cases each keep the load at the level the deadlines are sized for (see npm run stress).
  maxWorkers: 2,
  maxConcurrency: 2,
  projects: [
    { ...common, displayName: 'self', roots: ['<rootDir>/test'] },
    // The naive way to grade a class, one Jest process per copy: only `npm run bench` runs it, to compare.
    { ...common, displayName: 'naive', roots: ['<rootDir>/test/bench'], testMatch: ['**/*.naive.ts'] },
  ],
};

export default config;
