/**
 * Credentials that end, across real backend processes sharing MariaDB and Redis: a screen
 * connected to instance B is disconnected within seconds when its token is revoked through A.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { tokenHash } from '../backend/src/auth/passwords';
import { mysqlDatabase, REDIS_TEST_URL, type TestDatabase } from '../backend/src/testing/databases';
import { testNow } from '../backend/src/testing/test-clock';
import { startInstance, until, type Instance } from './cluster';
import { openLiveClient } from './live-client';

describe.skipIf(!inject('mysql') || !inject('redis'))('credentials that end, on every instance', () => {
  let db: TestDatabase;
  const running: Instance[] = [];

  beforeAll(async () => {
    db = await mysqlDatabase();
  });

  afterAll(async () => {
    await Promise.all(running.map((i) => i.stop('SIGKILL')));
    await db?.drop();
  });

  it('ends a screen on B within 3 s when its token is revoked through A', async () => {
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: `gwtest-${randomBytes(4).toString('hex')}`,
      INGEST_KEYS: 'cluster-credentials-key',
      DEMO: 'off',
      SIMULATOR: 'off',
    };
    const a = await startInstance('A', env);
    running.push(a);
    const b = await startInstance('B', env);
    running.push(b);
    const [screenId, adminToken, screenToken] = [randomUUID(), `admin-${randomUUID()}`, `screen-${randomUUID()}`];
    const conn = await createConnection({ uri: db.url });
    await conn.query(
      "INSERT INTO auth_token (id, token_hash, kind, role, label, created_at) VALUES (?, ?, 'screen', 'wall', 'revoked screen', ?), (?, ?, 'session', 'admin', 'test admin', ?)",
      [screenId, tokenHash(screenToken), testNow(), randomUUID(), tokenHash(adminToken), testNow()],
    );
    await conn.end();
    // Reconnecting as a real screen would: the server must end it, not the client give up.
    const onB = openLiveClient(b.url, screenToken, { reconnection: true });
    try {
      const told = new Promise<unknown>((resolve) => onB.once('live-error', resolve));
      const gone = new Promise<string>((resolve) => onB.once('disconnect', resolve));
      await until(() => (onB.connected ? true : undefined), 10_000, 'the screen to connect to B');
      const res = await fetch(`${a.url}/api/admin/tokens/${screenId}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(res.status).toBe(204);
      const revokedAt = Date.now();
      const timeout = new Promise((r) => setTimeout(() => r('still open after 3 s'), 3000));
      expect(await Promise.race([gone, timeout])).toBe('io server disconnect');
      expect(Date.now() - revokedAt).toBeLessThan(3000);
      expect(await told).toMatchObject({ statusCode: 401 });
    } finally {
      onB.close();
    }
  });
});
