// Three tiers (DESIGN.md "Shape of the code" §8):
//  unit        pure domain logic, no I/O           server/src/**/*.test.ts
//  integration real PostgreSQL, fresh DB per file  server/src/**/*.int.test.ts
//  e2e         real server process + real chromium e2e/**/*.e2e.test.ts
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
// agenda v6 and otplib's crypto (@noble, @scure) ship ESM only; jest's CommonJS runtime needs them transformed.
const transformIgnorePatterns = ['/node_modules/(?!(agenda|@agendajs|otplib|@otplib|@noble|@scure)/)'];
const transform = { '^.+\\.(t|j)s$': swc };
// the server imports the telephony workspace by name; tests run its TypeScript source, not a build
const moduleNameMapper = { '^@hotline-desk/telephony$': '<rootDir>/telephony/src/index.ts' };
module.exports = {
  // Integration and e2e tests start real servers and browsers; unit tests finish in milliseconds anyway.
  testTimeout: 90_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/server/src/**/*.test.ts', '<rootDir>/telephony/src/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/server/src/**/*.int.test.ts'],
      globalSetup: '<rootDir>/server/test/globalSetup.mjs',
      globalTeardown: '<rootDir>/server/test/globalTeardown.mjs',
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/server/test/globalSetup.mjs',
      globalTeardown: '<rootDir>/server/test/globalTeardown.mjs',
    },
  ],
};
