import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { HOUR_MS, type CaseEvent } from '@gridwall/shared';
import type { ManualClock } from '../common/clock';
import { sqliteDatabase } from '../testing/databases';
import { postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import { LIVE_APPLIED, LiveEngine, type LiveApplied } from './live-engine.service';
import { LiveQueries } from './live-queries.service';

const CELL = '410102001002001';
const iso = (t: number) => new Date(t).toISOString();

/** A case reported and accepted `hoursAgo` before the test moment, dispatched with a deadline. */
function dispatched(caseId: string, hoursAgo: number, deadlineInHours: number): CaseEvent[] {
  const at = TEST_NOW - hoursAgo * HOUR_MS;
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: iso(at),
      gridCode: CELL,
      category: 'urban_management',
      source: 'patrol',
      title: '占道经营',
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(at + 60_000) },
    {
      eventId: `${caseId}-d`,
      caseId,
      type: 'dispatched',
      at: iso(at + 120_000),
      handlerLevel: 'village',
      deadline: iso(TEST_NOW + deadlineInHours * HOUR_MS),
    },
  ];
}

describe(LiveEngine.name, () => {
  const db = sqliteDatabase();
  let app: TestApp;
  let sut: LiveEngine;
  let clock: ManualClock;
  const applied: LiveApplied[] = [];

  beforeAll(async () => {
    app = await startTestApp({ databaseUrl: db.url });
    clock = app.clock as ManualClock;
    sut = app.app.get(LiveEngine);
    app.app.get(EventEmitter2).on(LIVE_APPLIED, (a: LiveApplied) => applied.push(a));
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  describe('apply', () => {
    it('takes in every committed case before ingest answers, and says which changed', async () => {
      expect(sut.caseCount).toBe(0);
      expect((await postEvents(app.url, { events: dispatched('E-1', 10, 30) })).status).toBe(202);
      expect(sut.caseCount).toBe(1);
      const last = applied[applied.length - 1];
      expect(last.caseIds).toEqual(['E-1']);
      // The cell and every ancestor up to the city.
      expect([...last.keys]).toEqual(expect.arrayContaining([CELL, '410102001', '410102', '410100']));
      expect(sut.feed.since('410102').map((f) => f.caseId)).toContain('E-1');
    });
  });

  describe('tick', () => {
    it('turns an open case yellow then red as the clock passes its thresholds, with no new event', async () => {
      await postEvents(app.url, { events: dispatched('E-2', 8, 1.5) });
      expect(sut.phaseOf('E-2')).toBe(2); // 1.5 h left of 9.5 h: within the last 20 %
      sut.tick();
      clock.advance(3 * HOUR_MS);
      const dirty = sut.tick();
      expect(sut.phaseOf('E-2')).toBe(3);
      expect(dirty === 'all' || dirty.has('410102')).toBe(true);
    });
  });

  describe('rebuild', () => {
    it('rebuilds the same figures from the stored states', async () => {
      const queries = app.app.get(LiveQueries);
      const before = queries.stats('410100', 'week');
      const version = sut.version;
      await sut.rebuild();
      expect(sut.version).toBeGreaterThan(version);
      expect({ ...queries.stats('410100', 'week'), asOf: null }).toEqual({ ...before, asOf: null });
      expect(sut.caseCount).toBe(2);
    });
  });
});
