/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/fast-check-setup.ts', '<rootDir>/test/support/quiet-logs.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Synthesizing stacks with bundled Lambdas takes seconds; keep it off the default 5 s limit.
  testTimeout: 60000,
};
