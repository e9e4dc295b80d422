import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/** The `frontend` project of the root `vitest run`: pure logic, no DOM. */
export default mergeConfig(
  viteConfig,
  defineProject({
    test: {
      name: 'frontend',
      environment: 'node',
      include: ['src/**/*.spec.ts'],
    },
  }),
);
