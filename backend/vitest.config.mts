import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'backend',
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database suites share one MariaDB schema per file; files run in separate forks.
    pool: 'forks',
    globalSetup: ['src/testing/global-setup.ts'],
  },
  resolve: {
    alias: { '@gridwall/shared': new URL('../shared/src/index.ts', import.meta.url).pathname },
  },
});
