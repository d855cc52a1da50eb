/** @type {import('jest').Config} The fault-injection suite: its own tier, run by scripts/test.sh. */
module.exports = {
  rootDir: '../..',
  testMatch: ['<rootDir>/test/fault/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testEnvironment: 'node',
  testTimeout: 120_000,
  // A driver timer left behind by the in-process api after its close must not hang the test command.
  forceExit: true,
};
