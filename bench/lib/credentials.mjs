// A screen token (role `wall`) for the bench's readers when the server asks for one: sockets send
// it as handshake `auth.token`, REST reads as `Authorization: Bearer`, the page as `?token=`.
// BENCH_WALL_TOKEN gives one; otherwise, when the schema has the `auth_token` table, the bench
// stores its own screen token there (hashed like the server stores tokens) after the schema is
// created — the same way it bulk-loads history. A server without read auth ignores it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Stores a new screen token in a MariaDB database (mysql2 connection); null when there is no token table. */
export async function provisionWallToken(conn) {
  if (process.env.BENCH_WALL_TOKEN) return process.env.BENCH_WALL_TOKEN;
  const [tables] = await conn.query(
    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'auth_token'",
  );
  if (Number(tables[0].n) === 0) return null;
  const token = randomBytes(32).toString('base64url');
  await conn.query(
    `INSERT INTO auth_token (id, token_hash, kind, role, user_id, district_code, label, created_at, expires_at, revoked_at)
     VALUES (?, ?, 'screen', 'wall', NULL, NULL, 'bench', ?, NULL, NULL)`,
    [randomUUID(), createHash('sha256').update(token).digest('hex'), Date.now()],
  );
  return token;
}

/** Headers for REST reads. */
export function readHeaders(token) {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The same for a SQLite database file (better-sqlite3, writable); null when there is no token table. */
export function provisionWallTokenSqlite(db) {
  if (process.env.BENCH_WALL_TOKEN) return process.env.BENCH_WALL_TOKEN;
  const t = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'auth_token'").get();
  if (Number(t.n) === 0) return null;
  const token = randomBytes(32).toString('base64url');
  db.prepare(
    `INSERT INTO auth_token (id, token_hash, kind, role, user_id, district_code, label, created_at, expires_at, revoked_at)
     VALUES (?, ?, 'screen', 'wall', NULL, NULL, 'bench', ?, NULL, NULL)`,
  ).run(randomUUID(), createHash('sha256').update(token).digest('hex'), Date.now());
  return token;
}
