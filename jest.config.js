/** Two projects: `unit` runs the pure specs beside the code with no engine; `e2e` runs test/
 * against the real PostgreSQL, Redis and S3 server that test/global-setup.ts starts on free ports.
 * `npm run test:unit` runs the first alone; plain `jest` runs both. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|m?j)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras|@otplib|@noble|@scure)/)',
  ],
};

module.exports = {
  // Two spec files per core: much of a file's time is spent waiting (timeouts the fault specs
  // wait out, the browser, the engines, its own processes starting), which the others' work fills;
  // with four the two cores stay busy to the end of the run.
  maxWorkers: 4,
  testTimeout: 60000,
  testSequencer: '<rootDir>/test/sequencer.mjs',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{src,seeds}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
