/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

module.exports = {
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { global: { lines: 85 } },
  // Integration tests start real servers and processes; a hang still fails, after a minute.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'api',
      // Delivery tests that run the real api (*.api.test.ts) share the api suite's servers.
      testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/delivery/**/*.api.test.ts'],
      transform,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'delivery',
      testMatch: ['<rootDir>/test/delivery/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.api\\.test\\.ts$'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'observability',
      testMatch: ['<rootDir>/test/observability/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/observability/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The benchmark's own parts (settings, targets, report, README section, the open-loop generator
      // against a loopback server); no Judix server runs.
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'chart',
      testMatch: ['<rootDir>/test/chart/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};
