import type { TestProject } from 'vitest/node';
import { mysqlAvailable, redisAvailable } from './databases';

/** Probes the MySQL test server once per run (failing in CI when it is missing). */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('mysql', await mysqlAvailable());
  project.provide('redis', await redisAvailable());
}
