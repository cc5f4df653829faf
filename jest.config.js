/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  maxWorkers: 2,
  // Every skipped test is listed with its reason after the summary (tests/support/skip.ts).
  reporters: ['default', '<rootDir>/tests/support/skippedReporter.js'],
};
