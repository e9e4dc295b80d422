import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { watchedMysql2 } from './mysql-watchdog';

/** Project root (backend/src/database → ../../..; same from backend/dist/database). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** The embedded database used when DATABASE_URL is unset. */
export const DEFAULT_SQLITE_PATH = resolve(PROJECT_ROOT, 'data', 'gridwall.sqlite');

/** Which database a URL names, and how to reach it. */
export type DatabaseTarget = { kind: 'mysql'; url: string } | { kind: 'sqlite'; path: string };

/** Parses DATABASE_URL: `mysql://…`/`mariadb://…`, `sqlite:<path>` (relative to the project root), or unset. */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (!url) return { kind: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (url.startsWith('sqlite:')) {
    const p = url.slice('sqlite:'.length);
    if (p === ':memory:') return { kind: 'sqlite', path: p };
    return { kind: 'sqlite', path: isAbsolute(p) ? p : resolve(PROJECT_ROOT, p) };
  }
  return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

/**
 * TypeORM options for a target. Both run the same migrations at start; `synchronize` is never
 * used. SQLite runs in WAL mode with synchronous=FULL so an acknowledged event survives a crash.
 */
export function dataSourceOptions(target: DatabaseTarget, sqliteBusyTimeoutMs = 5000): DataSourceOptions {
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: target.path,
      enableWAL: true,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('synchronous = FULL');
        db.pragma(`busy_timeout = ${Math.floor(sqliteBusyTimeoutMs)}`);
      },
      migrations: MIGRATIONS,
      migrationsRun: true,
      synchronize: false,
    };
  }
  return {
    type: 'mysql',
    connectorPackage: 'mysql2',
    // mysql2 itself, with every pool watched for a server that stops answering (mysql-watchdog.ts).
    driver: watchedMysql2(),
    url: target.url,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 5000,
    extra: { connectionLimit: 10, enableKeepAlive: true },
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
  };
}
