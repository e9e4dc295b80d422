import type { TestProject } from 'vitest/node';
import { mysqlAvailable } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    /** True when the MySQL/MariaDB test server answers. */
    mysql: boolean;
  }
}

/** Probes the MySQL test server once per run (failing in CI when it is missing). */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('mysql', await mysqlAvailable());
}
