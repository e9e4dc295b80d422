import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import type { CaseEvent, StatsView } from '@gridwall/shared';
import { ManualClock } from '../common/clock';
import { mysqlDatabase, sqliteDatabase, type TestDatabase } from '../testing/databases';
import { TcpProxy } from '../testing/tcp-proxy';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { IngestService } from './ingest.service';

const T0 = Date.parse('2026-11-21T10:00:00+08:00');
const CELL = '410102001002001';

function reported(caseId: string): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: '2026-11-21T09:30:00+08:00',
    gridCode: CELL,
    category: 'work_safety',
    source: 'citizen',
    title: '消防通道堵塞',
  };
}

/** Posts until the server acknowledges, as a well-behaved upstream client does after a 503. */
async function postUntilAcknowledged(url: string, body: unknown): Promise<number> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const res = await postEvents(url, body);
    if (res.status !== 503) return res.status;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('never acknowledged');
}

async function expectOutageBehaviour(
  sut: TestApp,
  cut: () => Promise<void>,
  restore: () => Promise<void>,
  duringOutage: () => Promise<void> = async () => undefined,
): Promise<void> {
  const ds = sut.app.get(DataSource);
  const ack = await postEvents(sut.url, { events: [reported('O-1'), reported('O-2')] });
  expect(ack.status).toBe(202);

  await cut();
  const during = await postEvents(sut.url, { events: [reported('O-3'), reported('O-4')] });
  expect(during.status).toBe(503);
  expect(during.headers.get('retry-after')).toBe('5');
  expect(during.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  expect((await fetch(`${sut.url}/api/health`)).status).toBe(503);
  await duringOutage();
  // Reads keep answering from the live state while the database is away.
  expect((await getJson<StatsView>(sut.url, '/api/stats?scope=410100&period=day')).body.reported).toBe(2);

  await restore();
  expect(await postUntilAcknowledged(sut.url, { events: [reported('O-3'), reported('O-4')] })).toBe(202);
  const rows: { event_id: string }[] = await ds.query('SELECT event_id FROM case_event ORDER BY event_id');
  expect(rows.map((r) => r.event_id)).toEqual(['O-1-r', 'O-2-r', 'O-3-r', 'O-4-r']);
  expect((await getJson<StatsView>(sut.url, '/api/stats?scope=410100&period=day')).body.reported).toBe(4);
  expect((await fetch(`${sut.url}/api/health`)).status).toBe(200);
}

describe(`${IngestService.name} during a database outage`, () => {
  describe.skipIf(!inject('mysql'))('on MariaDB (network to the database cut by a proxy)', () => {
    let db: TestDatabase;
    let proxy: TcpProxy;
    let sut: TestApp;

    beforeAll(async () => {
      db = await mysqlDatabase();
      const target = new URL(db.url);
      proxy = new TcpProxy([{ host: target.hostname, port: Number(target.port || 3306) }]);
      const port = await proxy.start();
      const viaProxy = new URL(db.url);
      viaProxy.host = `127.0.0.1:${port}`;
      sut = await startTestApp({ databaseUrl: viaProxy.toString(), clock: new ManualClock(T0) });
    });

    afterAll(async () => {
      await sut?.close();
      await proxy?.stop();
      await db?.drop();
    });

    it('answers 503 with Retry-After, stores nothing half, and recovers without a restart', async () => {
      await expectOutageBehaviour(
        sut,
        () => proxy.stop(),
        () => proxy.start().then(() => undefined),
        async () => {
          // Reads that need the database answer 503 with Retry-After too, never 500.
          const login = await fetch(`${sut.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 't-leader', password: 'test-password' }),
          });
          const detail = await fetch(`${sut.url}/api/cases/O-1`, {
            headers: { authorization: `Bearer ${sut.tokens.leader}` },
          });
          for (const res of [login, detail]) {
            expect(res.status).toBe(503);
            expect(res.headers.get('retry-after')).toBe('5');
          }
        },
      );
    });
  });

  describe('on SQLite (the file locked by another process)', () => {
    const db = sqliteDatabase();
    let sut: TestApp;
    let locker: Database.Database | undefined;

    beforeAll(async () => {
      sut = await startTestApp({
        databaseUrl: db.url,
        clock: new ManualClock(T0),
        env: { SQLITE_BUSY_TIMEOUT_MS: '300' },
      });
    });

    afterAll(async () => {
      locker?.close();
      await sut?.close();
      await db.drop();
    });

    it('answers 503 with Retry-After, stores nothing half, and recovers without a restart', async () => {
      await expectOutageBehaviour(
        sut,
        async () => {
          locker = new Database(db.url.slice('sqlite:'.length));
          locker.exec('BEGIN EXCLUSIVE');
        },
        async () => {
          locker!.exec('ROLLBACK');
          locker!.close();
          locker = undefined;
        },
      );
    });
  });
});
