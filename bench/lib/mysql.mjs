// The machine's MariaDB: connection settings, and creating and dropping the bench's own databases.
import mysql from 'mysql2/promise';

/** Server URL without a database; BENCH_MYSQL_URL overrides (default root, no password, loopback). */
export const MYSQL_BASE = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

/** URL of a database on that server. */
export function mysqlUrl(database) {
  return `${MYSQL_BASE}/${database}`;
}

/** A fresh connection (no database selected unless given). */
export function connect(database, extra = {}) {
  return mysql.createConnection({
    uri: database ? mysqlUrl(database) : MYSQL_BASE,
    supportBigNumbers: true,
    bigNumberStrings: false,
    ...extra,
  });
}

/** Name for a bench database: gw_bench_<timestamp>_<tag>. */
export function benchDatabaseName(tag) {
  const ts = new Date().toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '');
  return `gw_bench_${ts}_${process.pid}_${tag}`;
}

const created = new Set();

/** Creates an empty database (utf8mb4, binary collation like the migration's tables). */
export async function createDatabase(name) {
  if (!/^gw_bench_[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing database name ${name}`);
  const c = await connect();
  try {
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    created.add(name);
  } finally {
    await c.end();
  }
}

/** Drops a database this process created. */
export async function dropDatabase(name) {
  if (!created.has(name)) return;
  const c = await connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    created.delete(name);
  } finally {
    await c.end();
  }
}

/** Drops every database this process created (cleanup on exit or failure). */
export async function dropAllCreated() {
  for (const name of [...created]) {
    try {
      await dropDatabase(name);
    } catch (err) {
      console.error(`bench: could not drop database ${name}: ${err.message}`);
    }
  }
}

/** Version string of the server, e.g. 10.11.19-MariaDB-0+deb12u1. */
export async function serverInfo() {
  const c = await connect();
  try {
    const [[v]] = await c.query(
      `SELECT VERSION() AS version, @@innodb_buffer_pool_size AS bufferPool,
              @@innodb_flush_log_at_trx_commit AS flushAtCommit, @@max_connections AS maxConnections`,
    );
    return {
      version: v.version,
      innodbBufferPoolBytes: Number(v.bufferPool),
      innodbFlushLogAtTrxCommit: Number(v.flushAtCommit),
      maxConnections: Number(v.maxConnections),
    };
  } finally {
    await c.end();
  }
}
