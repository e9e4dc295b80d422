/**
 * A MariaDB that keeps its connections open and answers nothing (a TCP proxy that stops
 * forwarding without closing): a real server process must answer every request 503 with
 * `Retry-After` within a few seconds instead of hanging, never lose an acknowledged event, never
 * store half a batch (even when the database runs the batch and its answer is lost), and recover
 * without a restart when the database answers again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import type { Ack, CaseDetail, CaseEvent, StatsView } from '@gridwall/shared';
import { hashPassword, tokenHash } from '../backend/src/auth/passwords';
import { mysqlDatabase, type TestDatabase } from '../backend/src/testing/databases';
import { testNow } from '../backend/src/testing/test-clock';
import { Proxy, startInstance, until, type Instance } from './cluster';
import { openLiveClient, whenConnected, type LiveClient } from './live-client';

const KEY = 'unresponsive-test-key';
const PASSWORD = 'leader-password-1';
/** What "within a few seconds" means here: DATABASE_TIMEOUT_MS (default 2 s) plus a probe period. */
const WITHIN_MS = 4500;

let caseNo = 0;
function newCase(): CaseEvent {
  const caseId = `U-${++caseNo}-${randomBytes(3).toString('hex')}`;
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: new Date(testNow() - 60_000).toISOString(),
    gridCode: '410102001002001',
    category: 'urban_management',
    source: 'patrol',
    title: '井盖缺失',
  };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
  ms: number;
}

async function call(url: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    ms: Date.now() - started,
  };
}

const post = (url: string, events: CaseEvent[]) =>
  call(url, '/api/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ events }),
  });

function expect503(a: Answer, what: string): void {
  expect(a.status, `${what}: ${JSON.stringify(a.body)}`).toBe(503);
  expect(a.retryAfter, what).toBe('5');
  expect(a.ms, `${what} answered after ${a.ms} ms`).toBeLessThan(WITHIN_MS);
}

describe.skipIf(!inject('mysql'))('an unresponsive MariaDB (connections held, nothing answered)', () => {
  let db: TestDatabase;
  let proxy: Proxy;
  let server: Instance;
  let leader: string;
  const sockets: LiveClient[] = [];

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
    const conn = await createConnection({ uri: db.url });
    try {
      return (await conn.query(sql, params))[0] as T;
    } finally {
      await conn.end();
    }
  };
  const storedIds = async (events: CaseEvent[]) =>
    (
      await query<{ event_id: string }[]>('SELECT event_id FROM case_event WHERE event_id IN (?)', [
        events.map((e) => e.eventId),
      ])
    ).map((r) => r.event_id);
  const stats = async () =>
    (await call(server.url, '/api/stats?scope=410100&period=day', { headers: { authorization: `Bearer ${leader}` } }))
      .body as unknown as StatsView;
  const recovered = () =>
    until(
      async () => ((await call(server.url, '/api/health')).status === 200 ? true : undefined),
      20_000,
      'the server to be ready again',
    );

  beforeAll(async () => {
    db = await mysqlDatabase();
    const target = new URL(db.url);
    proxy = new Proxy([{ host: target.hostname, port: Number(target.port || 3306) }]);
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${await proxy.start()}`;
    server = await startInstance('S', {
      DATABASE_URL: viaProxy.toString(),
      INGEST_KEYS: KEY,
      DEMO: 'off',
      SIMULATOR: 'off',
      ASSESSMENTS_AUTO: 'off',
    });
    await query(
      "INSERT INTO app_user (id, name, password_hash, role, district_code, disabled, created_at) VALUES (?, 'u-leader', ?, 'leader', NULL, 0, ?)",
      [randomUUID(), await hashPassword(PASSWORD), testNow()],
    );
    const login = await call(server.url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'u-leader', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    leader = login.body.token as string;
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop('SIGKILL');
    await proxy?.stop();
    await db?.drop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') console.warn(`--- server\n${server.log().slice(-8000)}`);
    proxy.thaw();
    await recovered();
  });

  it('answers every kind of request 503 with Retry-After within seconds, then recovers without a restart', async () => {
    const known = newCase();
    expect((await post(server.url, [known])).status).toBe(202);
    // A token this server has never seen: the guard must ask the database.
    const fresh = randomBytes(32).toString('base64url');
    await query(
      "INSERT INTO auth_token (id, token_hash, kind, role, label, created_at) VALUES (?, ?, 'screen', 'wall', 'unresponsive-test', ?)",
      [randomUUID(), tokenHash(fresh), testNow()],
    );
    const socket = openLiveClient(server.url, leader);
    sockets.push(socket);
    await whenConnected(socket);
    const auth = { authorization: `Bearer ${leader}` };

    proxy.freeze();
    const batch = [newCase(), newCase()];
    const started = Date.now();
    const socketAnswer = socket.timeout(30_000).emitWithAck('case-subscribe', { caseId: known.caseId }) as Promise<
      Ack<CaseDetail>
    >;
    const [ingest, health, login, detail, history, guard] = await Promise.all([
      post(server.url, batch),
      call(server.url, '/api/health'),
      call(server.url, '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'u-leader', password: PASSWORD }),
      }),
      call(server.url, `/api/cases/${known.caseId}`, { headers: auth }),
      call(server.url, '/api/rankings/history?tier=district&code=410102', { headers: auth }),
      call(server.url, '/api/stats?scope=410100&period=day', { headers: { authorization: `Bearer ${fresh}` } }),
    ]);
    expect503(ingest, 'ingest');
    expect(ingest.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String) });
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ready: false, database: 'down' });
    expect(health.ms).toBeLessThan(WITHIN_MS);
    expect503(login, 'login');
    expect503(detail, 'case details');
    expect503(history, 'rank history (issued assessments)');
    expect503(guard, 'a token the server must look up');
    const ack = await socketAnswer;
    expect(ack).toMatchObject({ ok: false, error: { statusCode: 503 } });
    expect(Date.now() - started).toBeLessThan(WITHIN_MS + 1000);

    // Once the server knows, requests are refused at once; reads from memory go on.
    const again = await post(server.url, batch);
    expect503(again, 'ingest once the database is known not to answer');
    expect(again.ms, JSON.stringify(again.body)).toBeLessThan(1000);
    expect((await stats()).reported).toBe(1);

    proxy.thaw();
    await recovered();
    // Nothing of the refused batch was stored; sent again it is stored once.
    expect(await storedIds(batch)).toEqual([]);
    expect((await post(server.url, batch)).status).toBe(202);
    expect((await stats()).reported).toBe(3);
    expect(server.proc.exitCode).toBeNull();
  });

  it('keeps a batch whose commit reached the database but whose answer was lost, once, and live', async () => {
    const before = (await stats()).reported;
    const batch = [newCase(), newCase(), newCase()];
    proxy.freezeOn('COMMIT', 'answers');
    const refused = await post(server.url, batch);
    expect503(refused, 'the batch whose commit was not acknowledged');
    proxy.thaw();
    await recovered();
    // The database committed it: stored whole, and the live state follows the log.
    expect((await storedIds(batch)).sort()).toEqual(batch.map((e) => e.eventId).sort());
    await until(
      async () => ((await stats()).reported === before + 3 ? true : undefined),
      10_000,
      'the live state to follow the late commit',
    );
    // The upstream's retry: every event a duplicate, nothing counted twice.
    const retry = await post(server.url, batch);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 3 });
    expect((await stats()).reported).toBe(before + 3);
  });

  it('stores nothing of a batch when the database stops answering in the middle of its transaction', async () => {
    const before = (await stats()).reported;
    const batch = [newCase(), newCase()];
    // After the events are inserted, before their cases are locked and folded.
    proxy.freezeOn('INSERT IGNORE INTO case_state', 'both');
    const refused = await post(server.url, batch);
    expect503(refused, 'the batch cut in the middle');
    // A late answer cannot complete it: the connection was closed, the transaction rolled back.
    proxy.thaw();
    await recovered();
    expect(await storedIds(batch)).toEqual([]);
    const states = await query<{ n: number }[]>('SELECT COUNT(*) AS n FROM case_state WHERE case_id IN (?)', [
      batch.map((e) => e.caseId),
    ]);
    expect(Number(states[0]!.n)).toBe(0);
    expect((await post(server.url, batch)).status).toBe(202);
    expect((await stats()).reported).toBe(before + 2);
  });
});
