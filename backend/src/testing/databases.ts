import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import Redis from 'ioredis';

declare module 'vitest' {
  export interface ProvidedContext {
    /** True when the MySQL/MariaDB test server answers (probed by the global setup). */
    mysql: boolean;
    /** True when the Redis test server answers (probed by the global setup). */
    redis: boolean;
  }
}

/** A throwaway database for one test file. */
export interface TestDatabase {
  /** 'sqlite' or 'mysql'. */
  kind: 'sqlite' | 'mysql';
  /** DATABASE_URL for the app. */
  url: string;
  /** Drops the database / deletes the file. */
  drop(): Promise<void>;
}

/** Where the MySQL/MariaDB test server is: MYSQL_URL, default root@127.0.0.1:3306. */
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

let mysqlReachable: boolean | undefined;

/**
 * True when the MySQL test server answers. In CI (CI=true) an unreachable server is an error,
 * never a silent skip; on a laptop the MySQL suites skip with a message saying how to enable them.
 */
export async function mysqlAvailable(): Promise<boolean> {
  if (mysqlReachable !== undefined) return mysqlReachable;
  try {
    const conn = await createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
    await conn.query('SELECT 1');
    await conn.end();
    mysqlReachable = true;
  } catch (err) {
    if (process.env.CI) {
      throw new Error(
        `MySQL test server not reachable at ${MYSQL_URL} (CI=true, so this fails): ${(err as Error).message}`,
      );
    }
    console.warn(
      `[skip] MySQL suites skipped: no server at ${MYSQL_URL}. Start MariaDB/MySQL or set MYSQL_URL=mysql://user:pass@host:port/db to run them.`,
    );
    mysqlReachable = false;
  }
  return mysqlReachable;
}

/** Where the Redis test server is: REDIS_TEST_URL, default 127.0.0.1:6379. */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** True when the Redis test server answers; in CI a missing server is an error, never a skip. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    if (process.env.CI)
      throw new Error(
        `Redis test server not reachable at ${REDIS_TEST_URL} (CI=true, so this fails): ${(err as Error).message}`,
      );
    console.warn(
      `[skip] multi-instance suites skipped: no Redis at ${REDIS_TEST_URL}. Start Redis or set REDIS_TEST_URL to run them.`,
    );
    return false;
  } finally {
    client.disconnect();
  }
}

/** Creates an empty SQLite file in a temp folder. */
export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-test-'));
  return {
    kind: 'sqlite',
    url: `sqlite:${join(dir, 'test.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Creates an empty MySQL database with a unique name on the test server. */
export async function mysqlDatabase(): Promise<TestDatabase> {
  const name = `gw_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    kind: 'mysql',
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ uri: MYSQL_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/**
 * The database kinds to run persistence suites on here: SQLite always, MySQL when its server
 * answers (probed once by the global setup; in CI a missing server fails the run instead).
 */
export function databaseKinds(): ('sqlite' | 'mysql')[] {
  return inject('mysql') ? ['sqlite', 'mysql'] : ['sqlite'];
}

/** A fresh database of a kind returned by {@link databaseKinds}. */
export async function createDatabase(kind: 'sqlite' | 'mysql'): Promise<TestDatabase> {
  return kind === 'sqlite' ? sqliteDatabase() : mysqlDatabase();
}
