/**
 * Two instances on one MariaDB database take the same new events at the same moment (an
 * upstream that retries against another instance): each event is stored once, and each side
 * answers 202 or 200 (duplicates), never 500.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { CaseEvent } from '@gridwall/shared';
import { mysqlDatabase, type TestDatabase } from '../testing/databases';
import { postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';

function reported(caseId: string): CaseEvent {
  return {
    eventId: `${caseId}-r`,
    caseId,
    type: 'reported',
    at: new Date(TEST_NOW - 60_000).toISOString(),
    gridCode: '410102001002001',
    category: 'urban_management',
    source: 'patrol',
    title: '井盖缺失',
  };
}

describe.runIf(inject('mysql'))('the same new event posted to two instances at once', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await mysqlDatabase();
    a = await startTestApp({ databaseUrl: db.url });
    b = await startTestApp({ databaseUrl: db.url });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('stores each event once and answers 202 or 200 on both sides', async () => {
    const statuses: number[] = [];
    for (let pair = 0; pair < 40; pair++) {
      const events = [reported(`RACE-${pair}-a`), reported(`RACE-${pair}-b`)];
      const answers = await Promise.all([postEvents(a.url, { events }), postEvents(b.url, { events })]);
      statuses.push(...answers.map((r) => r.status));
      expect(answers.reduce((n, r) => n + (r.body as { accepted: number }).accepted, 0)).toBe(2);
    }
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    const rows = (await a.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS n FROM case_event WHERE case_id LIKE 'RACE-%'")) as {
      n: string | number;
    }[];
    expect(Number(rows[0].n)).toBe(80);
  });
});
