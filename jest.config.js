/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuildJestTransform.js' },
  // End-to-end tests start the sandbox as a child process; give them room on a shared 2-core machine.
  testTimeout: 60000,
  maxWorkers: 2,
};
