// @ts-check
/**
 * Nest 12 ships ESM only; @swc/jest compiles our TypeScript and those packages to CommonJS
 * (plain ts-jest cannot load them on Node 20, see ENVIRONMENT notes in the README).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|load-esm|uid|strtok3|token-types|@tokenizer|uint8array-extras|content-disposition)/)',
  ],
  moduleNameMapper: { '^@gomart/([^/]+)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Tests start real servers and processes; none waits on a wall clock for speed.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'deploy', testMatch: ['<rootDir>/deploy/test/**/*.test.ts'] },
    // `npm run test:reliability` only (a few minutes of faults and rushes), never in `npm test`.
    ...(process.env.GOMART_RELIABILITY === '1'
      ? [{ ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability.ts'] }]
      : []),
  ],
};
