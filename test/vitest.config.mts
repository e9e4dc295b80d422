import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test',
    include: ['**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['../backend/src/testing/global-setup.ts'],
  },
  resolve: {
    alias: { '@gridwall/shared': new URL('../shared/src/index.ts', import.meta.url).pathname },
  },
});
