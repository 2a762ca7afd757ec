// One Jest run over every project; path aliases come from tsconfig.base.json so
// tests import libs exactly as apps do.
const { compilerOptions } = require('./tsconfig.base.json');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  // Nest 12 and jose ship ESM only: transform them too, so CommonJS tests can load them.
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose)/)'],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  // Suites share one Postgres and one nats-server; each uses its own schema and
  // stream names, so two workers are safe on a 2-core machine.
  maxWorkers: 2,
};
