// ts-jest, each file transpiled once for all four projects on a clone with no jest cache (decision 2080).
const tsJest = '<rootDir>/scripts/ts-jest-shared-cache.js';
const transform = {
  '^.+\\.ts$': [tsJest, { tsconfig: 'tsconfig.json' }],
  '^.+/node_modules/jose/.+\\.js$': [tsJest, { tsconfig: { allowJs: true, module: 'commonjs' } }],
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['reflect-metadata', '<rootDir>/test/helpers/graphql-production-checks.ts'],
  testEnvironment: 'node',
};
/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // The slowest files first, from jest's cache or test/durations.json without one (decision 1860).
  testSequencer: '<rootDir>/scripts/test-sequencer.js',
  // Generous: waits follow readiness; this only ends a test that hangs (a loaded machine is slow, not wrong).
  testTimeout: 300000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/test/console/**/*.spec.ts',
        '<rootDir>/test/build/**/*.spec.ts',
        '<rootDir>/test/architecture/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'embedded',
      testMatch: ['<rootDir>/test/embedded/**/*.embedded-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/embedded-setup.ts',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/browser-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/browser-teardown.ts',
    },
  ],
};
