import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictException } from '@nestjs/common';
import { DAY_MS, HOUR_MS, toCityIso, type CaseEvent } from '@gridwall/shared';
import { canonicalJson, validateIngestBody } from '../ingest/event-validation';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { TEST_DEPARTMENTS, foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { TEST_NOW } from '../testing/test-clock';
import type { CaseState } from './case-model';
import { CaseStoreService, type PreparedEvent } from './case-store.service';
import { foldCase } from './fold';

const ctx = foldContext();
const tree = zhengzhouTree();
const CELL = '410102001002001';
const iso = (hoursAgo: number) => toCityIso(TEST_NOW - hoursAgo * HOUR_MS);

/** Prepares events exactly as the ingest service does (validated, normalized, canonical JSON). */
function prepare(events: CaseEvent[]): PreparedEvent[] {
  return validateIngestBody(
    { events },
    { hasArea: (c) => tree.has(c), hasDepartment: (c) => TEST_DEPARTMENTS.includes(c), now: TEST_NOW },
  ).map((event, i) => ({ event, canonical: canonicalJson(event), path: `events[${i}]` }));
}

/** A case's whole life so far: reported, accepted, dispatched to a department, escalated. */
function lifecycle(caseId: string, hoursAgo = 10, gridCode = CELL): CaseEvent[] {
  return [
    {
      eventId: `${caseId}-r`,
      caseId,
      type: 'reported',
      at: iso(hoursAgo),
      gridCode,
      category: 'illegal_business',
      source: 'patrol',
      title: '无证炒货作坊',
      reporter: { name: '王某', phone: '13812341234' },
    },
    { eventId: `${caseId}-a`, caseId, type: 'accepted', at: iso(hoursAgo - 1) },
    {
      eventId: `${caseId}-d`,
      caseId,
      type: 'dispatched',
      at: iso(hoursAgo - 2),
      handlerLevel: 'district',
      departmentCode: 'city.scjg',
    },
    { eventId: `${caseId}-e`, caseId, type: 'escalated', at: iso(hoursAgo - 3), toLevel: 'city', jointMeeting: true },
  ] as CaseEvent[];
}

/** The expected state: the fold of the events (in any order). */
const folded = (caseId: string, events: CaseEvent[]): CaseState =>
  foldCase(
    caseId,
    prepare(events).map((p) => p.event),
    ctx,
  );

describe(CaseStoreService.name, () => {
  describe.each(databaseKinds())('on %s', (kind) => {
    let db: TestDatabase;
    let app: TestApp;
    let sut: CaseStoreService;

    beforeAll(async () => {
      db = await createDatabase(kind);
      app = await startTestApp({ databaseUrl: db.url });
      sut = app.app.get(CaseStoreService);
    });

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    describe('append', () => {
      it('stores new events and returns the folded state of the case', async () => {
        const events = lifecycle('A-1');
        const res = await sut.append(prepare(events), ctx, TEST_NOW);
        expect(res.inserted.map((e) => e.eventId)).toEqual(['A-1-r', 'A-1-a', 'A-1-d', 'A-1-e']);
        expect(res.duplicates).toBe(0);
        expect(res.states).toEqual([folded('A-1', events)]);
        expect(res.states[0]).toMatchObject({
          status: 'open',
          handlerLevel: 'city',
          departmentCode: 'city.scjg',
          jointMeeting: true,
          deadline: TEST_NOW - 8 * HOUR_MS + limitMs('illegal_business'),
          eventCount: 4,
        });
        expect(await sut.countEvents()).toBe(4);
      });

      it('counts the same eventId with the same content (any offset) as a duplicate, stored once', async () => {
        const before = await sut.countEvents();
        const again = lifecycle('A-1');
        again[1] = { ...again[1], at: new Date(TEST_NOW - 9 * HOUR_MS).toISOString() };
        const res = await sut.append(prepare(again), ctx, TEST_NOW);
        expect(res).toEqual({ inserted: [], duplicates: 4, states: [] });
        expect(await sut.countEvents()).toBe(before);
        expect((await sut.stateOf('A-1'))?.eventCount).toBe(4);
      });

      it('stores an event repeated within one batch once', async () => {
        const [r] = lifecycle('A-2');
        const res = await sut.append(prepare([r, r]), ctx, TEST_NOW);
        expect(res.inserted).toHaveLength(1);
        expect(res.duplicates).toBe(1);
        expect(await sut.eventsOf('A-2')).toHaveLength(1);
      });

      it('refuses an eventId stored with other content with 409, storing nothing of that batch', async () => {
        const before = await sut.countEvents();
        const changed = { ...lifecycle('A-1')[0], title: '改过的标题' } as CaseEvent;
        const err = await sut.append(prepare([...lifecycle('A-3'), changed]), ctx, TEST_NOW).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConflictException);
        expect((err as ConflictException).getStatus()).toBe(409);
        expect((err as ConflictException).message).toMatch(/events\[4\]\.eventId: "A-1-r"/);
        expect(await sut.countEvents()).toBe(before);
        expect(await sut.stateOf('A-3')).toBeUndefined();
        expect((await sut.stateOf('A-1'))?.title).toBe('无证炒货作坊');
      });

      it('refuses one eventId twice with different content in one batch', async () => {
        const [r] = lifecycle('A-4');
        const other = { ...r, title: '另一个标题' } as CaseEvent;
        await expect(sut.append(prepare([r, other]), ctx, TEST_NOW)).rejects.toBeInstanceOf(ConflictException);
        expect(await sut.stateOf('A-4')).toBeUndefined();
      });

      it('folds events arriving out of order and before their report into the in-order state', async () => {
        const events = lifecycle('A-5');
        let last: CaseState[] = [];
        for (const e of [...events].reverse()) last = (await sut.append(prepare([e]), ctx, TEST_NOW)).states;
        const inOrder = lifecycle('A-6');
        await sut.append(prepare(inOrder), ctx, TEST_NOW);
        const { caseId: _a, ...late } = (await sut.stateOf('A-5'))!;
        const { caseId: _b, ...early } = (await sut.stateOf('A-6'))!;
        expect(late).toEqual(early);
        expect(last).toEqual([await sut.stateOf('A-5')]);
        expect(late.status).toBe('open');
      });

      it('keeps a case whose report has not come yet pending, then counts it once the report comes', async () => {
        const [r, a] = lifecycle('A-7');
        const first = await sut.append(prepare([a]), ctx, TEST_NOW);
        expect(first.states[0]).toMatchObject({ caseId: 'A-7', status: 'pending', reportedAt: null, eventCount: 1 });
        const second = await sut.append(prepare([r]), ctx, TEST_NOW);
        expect(second.states[0]).toMatchObject({ status: 'open', reportedAt: TEST_NOW - 10 * HOUR_MS, eventCount: 2 });
      });

      it('returns one state per touched case, each the fold of all its stored events', async () => {
        const b1 = lifecycle('A-8');
        const b2 = lifecycle('A-9', 20, '410105001003001');
        await sut.append(prepare(b1.slice(0, 2)), ctx, TEST_NOW);
        const res = await sut.append(prepare([...b2, ...b1.slice(2)]), ctx, TEST_NOW);
        const byId = new Map(res.states.map((s) => [s.caseId, s]));
        expect([...byId.keys()].sort()).toEqual(['A-8', 'A-9']);
        expect(byId.get('A-8')).toEqual(folded('A-8', b1));
        expect(byId.get('A-9')).toEqual(folded('A-9', b2));
      });
    });

    describe('stateOf', () => {
      it('returns the stored state, and undefined for an unknown case', async () => {
        const events = lifecycle('S-1');
        await sut.append(prepare(events), ctx, TEST_NOW);
        expect(await sut.stateOf('S-1')).toEqual(folded('S-1', events));
        expect(await sut.stateOf('S-unknown')).toBeUndefined();
      });
    });

    describe('eventsOf', () => {
      it('returns every stored event of the case as normalized, and none for an unknown case', async () => {
        const events = lifecycle('E-1');
        await sut.append(prepare([events[2], events[0]]), ctx, TEST_NOW);
        await sut.append(prepare([events[3], events[1]]), ctx, TEST_NOW);
        const got = await sut.eventsOf('E-1');
        const expected = prepare(events).map((p) => p.event);
        expect([...got].sort((a, b) => a.at - b.at)).toEqual(expected);
        expect(got[0].reporter ?? got[1].reporter).toEqual({ name: '王某', phone: '13812341234' });
        expect(await sut.eventsOf('E-unknown')).toEqual([]);
      });
    });

    describe('eventsOfCases', () => {
      it('returns the stored events of several cases by case, leaving out unknown cases', async () => {
        await sut.append(prepare([...lifecycle('E-2'), ...lifecycle('E-3').slice(0, 2)]), ctx, TEST_NOW);
        const got = await sut.eventsOfCases(['E-2', 'E-3', 'E-unknown']);
        expect([...got.keys()].sort()).toEqual(['E-2', 'E-3']);
        expect(
          got
            .get('E-2')!
            .map((e) => e.eventId)
            .sort(),
        ).toEqual(['E-2-a', 'E-2-d', 'E-2-e', 'E-2-r']);
        expect(
          got
            .get('E-3')!
            .map((e) => e.eventId)
            .sort(),
        ).toEqual(['E-3-a', 'E-3-r']);
      });
    });

    describe('forEachState', () => {
      it('visits every stored state once, in pages, and returns the count', async () => {
        const pages: CaseState[][] = [];
        const total = await sut.forEachState((page) => pages.push(page), 3);
        const all = pages.flat();
        expect(total).toBe(all.length);
        expect(pages.every((p) => p.length <= 3)).toBe(true);
        expect(pages.length).toBeGreaterThan(1);
        expect(new Set(all.map((s) => s.caseId)).size).toBe(all.length);
        for (const id of ['A-1', 'A-5', 'A-9', 'S-1']) {
          expect(all.find((s) => s.caseId === id)).toEqual(await sut.stateOf(id));
        }
      });
    });

    describe('statesReportedBetween', () => {
      it('returns the states reported in [from, to) only', async () => {
        const from = TEST_NOW - 40 * DAY_MS;
        const hoursAgo = (t: number) => (TEST_NOW - t) / HOUR_MS;
        await sut.append(
          prepare([
            lifecycle('P-before', hoursAgo(from - 1))[0],
            lifecycle('P-first', hoursAgo(from))[0],
            lifecycle('P-mid', hoursAgo(from + HOUR_MS))[0],
            lifecycle('P-end', hoursAgo(from + 2 * HOUR_MS))[0],
          ]),
          ctx,
          TEST_NOW,
        );
        const got = await sut.statesReportedBetween(from, from + 2 * HOUR_MS);
        expect(got.map((s) => s.caseId).sort()).toEqual(['P-first', 'P-mid']);
        expect(got.find((s) => s.caseId === 'P-mid')).toEqual(await sut.stateOf('P-mid'));
      });
    });

    describe('refoldAll', () => {
      it('moves default deadlines to a new time limit, keeps explicit ones, and counts every case', async () => {
        const explicit = TEST_NOW + 5 * DAY_MS;
        const own = lifecycle('R-1');
        own[2] = { ...own[2], deadline: toCityIso(explicit) } as CaseEvent;
        await sut.append(prepare([...own, ...lifecycle('R-2')]), ctx, TEST_NOW);
        const dispatchedAt = TEST_NOW - 8 * HOUR_MS;
        expect((await sut.stateOf('R-2'))!.deadline).toBe(dispatchedAt + limitMs('illegal_business'));
        const cases = await sut.forEachState(() => undefined);

        const shorter = { ...ctx, timeLimitMs: () => 2 * HOUR_MS };
        expect(await sut.refoldAll(shorter, 4)).toBe(cases);
        expect((await sut.stateOf('R-2'))!.deadline).toBe(dispatchedAt + 2 * HOUR_MS);
        expect((await sut.stateOf('R-1'))!.deadline).toBe(explicit);
        // A case never dispatched is due at acceptance + the new limit.
        expect((await sut.stateOf('A-7'))!.deadline).toBe(TEST_NOW - 9 * HOUR_MS + 2 * HOUR_MS);

        expect(await sut.refoldAll(ctx)).toBe(cases);
        expect((await sut.stateOf('R-2'))!.deadline).toBe(dispatchedAt + limitMs('illegal_business'));
      });
    });
  });
});
