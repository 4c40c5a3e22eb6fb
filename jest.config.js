/** Unit tests sit beside the code (`*.spec.ts`); e2e tests in test/ boot the real app. */
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      roots: ['<rootDir>/src', '<rootDir>/web/src'],
      testRegex: '\\.spec\\.ts$',
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'e2e',
      testEnvironment: '<rootDir>/test/support/environment.js',
      rootDir: '.',
      roots: ['<rootDir>/test'],
      testRegex: '\\.e2e-spec\\.ts$',
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/env.ts'],
      slowTestThreshold: 20,
    },
  ],
  testTimeout: 30_000,
  // Two test files at a time: e2e files wait on PostgreSQL and Redis far more than on the CPU
  // (4.4 min → 2.9 min on 2 cores); each file has its own database and Redis prefix.
  maxWorkers: 2,
  // A worker leaves nothing running when the run ends (only its IPC and stdio pipes), but one
  // that held the app of many e2e files tears down a heap of a gigabyte or more once its event
  // loop is empty: often over Jest's default 500 ms on two busy cores, which then reports it as
  // "failed to exit gracefully" and kills it. A handle really left open would still be reported.
  workerGracefulExitTimeout: 5_000,
};
