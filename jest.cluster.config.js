/* global module */
/**
 * The cluster tiers, kept out of the default jest run because they need the test cluster that
 * scripts/cluster/start.sh runs (scripts/test.sh starts and stops it around them).
 * Tier 1 (control plane): test/cluster/*.test.ts. Tier 2 (the node): test/cluster/node/*.test.ts,
 * selected with `--selectProjects node`.
 * @type {import('jest').Config}
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

module.exports = {
  // One cluster serves every test file, and it shares the machine's cores.
  maxWorkers: 1,
  testTimeout: 240000,
  projects: [
    {
      displayName: 'control-plane',
      testMatch: ['<rootDir>/test/cluster/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'node',
      testMatch: ['<rootDir>/test/cluster/node/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};
