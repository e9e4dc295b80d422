/**
 * LogFollowerService across two instances on one MariaDB database and Redis: a commit that waits
 * on a row lock for longer than a short gap memory would keep (here 35 s) still reaches the
 * other instance, although commits with higher sequence numbers were read long before it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConnection, type Connection } from 'mysql2/promise';
import type { CaseEvent, StatsView } from '@gridwall/shared';
import { mysqlDatabase, REDIS_TEST_URL, type TestDatabase } from '../testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { ManualClock } from '../common/clock';
import { LogFollowerService } from './log-follower.service';

const CELL = '410102001002001';
/**
 * This spec's own moment, a Wednesday afternoon: it reads a day's figures of events half an hour
 * old, so it does not follow GRIDWALL_TEST_NOW (at a Monday 00:05 they would lie in another day).
 */
const NOW = Date.parse('2026-11-25T15:00:00+08:00');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

function reported(caseId: string): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: at(30),
    gridCode: CELL,
    category: 'urban_management',
    source: 'patrol',
    title: '井盖缺失',
  };
}

describe.runIf(inject('mysql') && inject('redis'))(LogFollowerService.name, () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let locker: Connection;

  beforeAll(async () => {
    db = await mysqlDatabase();
    const env = { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: `gw-follow-${randomBytes(4).toString('hex')}` };
    a = await startTestApp({ databaseUrl: db.url, env, clock: new ManualClock(NOW) });
    b = await startTestApp({ databaseUrl: db.url, env, clock: new ManualClock(NOW) });
    locker = await createConnection({ uri: db.url });
  });

  afterAll(async () => {
    await locker?.end().catch(() => undefined);
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const acceptedOn = async (app: TestApp) =>
    (await getJson<StatsView>(app.url, '/api/stats?scope=410100&period=day')).body.accepted;

  describe('poll', () => {
    it('applies a late commit that lies below sequence numbers read long before', async () => {
      expect((await postEvents(a.url, reported('LATE'))).status).toBe(202);
      // Another session holds the case's row: A's commit of the next event waits for it, with its
      // sequence number already allocated.
      await locker.query('SET SESSION innodb_lock_wait_timeout = 120');
      await locker.beginTransaction();
      await locker.query("SELECT case_id FROM case_state WHERE case_id = 'LATE' FOR UPDATE");
      const slow = postEvents(a.url, { eventId: 'LATE-a', caseId: 'LATE', type: 'accepted', at: at(29) });
      await new Promise((r) => setTimeout(r, 1000));
      // Meanwhile B commits a higher sequence number, and B's follower reads past the gap.
      expect((await postEvents(b.url, { events: [reported('NEXT')] })).status).toBe(202);
      await new Promise((r) => setTimeout(r, 35_000));
      await locker.commit();
      expect((await slow).status).toBe(202);
      expect(await acceptedOn(a)).toBe(1);
      // B learns A's late commit from the log.
      const deadline = Date.now() + 5000;
      while ((await acceptedOn(b)) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await acceptedOn(b)).toBe(1);
    }, 60_000);
  });
});
