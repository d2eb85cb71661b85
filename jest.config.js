/** @type {import('jest').Config} */
module.exports = {
  // The node environment, which also removes the temp folders a test file made (test/support/hostProcess.ts tempDir).
  testEnvironment: '<rootDir>/test/support/tempDirCleanupEnvironment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
  // The worker injects @azure/functions-core; in-process tests get the host's implementation the same way.
  moduleNameMapper: {
    '^@azure/functions-core$': '<rootDir>/src/host/worker/functionsCore.ts',
  },
  testTimeout: 60000,
};
