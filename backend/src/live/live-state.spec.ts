import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES, DAY_MS, HOUR_MS, PERIODS } from '@gridwall/shared';
import type { NormalizedEvent } from '../cases/case-model';
import { foldCase } from '../cases/fold';
import { Rng } from '../simulator/rng';
import { TEST_DEPARTMENTS, TEST_NODES, foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { randomStream } from '../testing/random-streams';
import { referenceCase, referenceMetrics, type RefCase } from '../testing/reference';
import { DEPT_PREFIX, LiveState } from './live-state';
import { metricSet } from './views';

const FRACTION = 0.2;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** Period starts worth crossing: a plain week, a month end, a quarter end, the year end. */
const ANCHORS = [
  '2026-11-16T00:00:00+08:00',
  '2026-09-25T00:00:00+08:00',
  '2026-12-20T00:00:00+08:00',
  '2026-06-28T20:00:00+08:00',
].map(Date.parse);

const tree = zhengzhouTree();
const ctx = foldContext();
const SCOPES = [...new Set(TEST_NODES.flatMap((n) => tree.get(n)!.ancestors))];

/** The `reported` event of case `caseId` at `t`, in the first test node. */
function reportedAt(caseId: string, t: number): NormalizedEvent {
  return {
    eventId: 'a',
    caseId,
    type: 'reported',
    at: t,
    gridCode: TEST_NODES[0],
    category: 'work_safety',
    source: 'patrol',
    title: 't',
  };
}

function compareAll(state: LiveState, events: NormalizedEvent[], now: number): void {
  const byCase = new Map<string, NormalizedEvent[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  const cases = [...byCase.values()]
    .map((evs) => referenceCase(evs, (c) => tree.levelOf(c), limitMs))
    .filter((c): c is RefCase => c !== null);
  for (const period of PERIODS) {
    for (const scope of SCOPES) {
      const expected = referenceMetrics(cases, (c) => tree.isWithin(c.gridCode, scope), period, now, FRACTION);
      expect(metricSet(state.figures(scope, period, now)), `${scope} ${period}`).toEqual(expected);
    }
    for (const dept of TEST_DEPARTMENTS) {
      const expected = referenceMetrics(cases, (c) => c.departmentCode === dept, period, now, FRACTION);
      expect(metricSet(state.figures(DEPT_PREFIX + dept, period, now)), `${dept} ${period}`).toEqual(expected);
    }
    // The red/yellow lists hold exactly the open overdue and near-due cases of each scope.
    for (const scope of SCOPES) {
      const listed = state
        .alertingIn(scope)
        .map((c) => c.s.caseId)
        .sort();
      const open = cases.filter((c) => tree.isWithin(c.gridCode, scope) && c.accepted && c.resolvedAt === null);
      const expected = open
        .filter(
          (c) =>
            c.deadline !== null &&
            (c.deadline < now || c.deadline - now <= FRACTION * (c.deadline - (c.lastDispatchAt ?? c.acceptedAt!))),
        )
        .map((c) => c.caseId)
        .sort();
      expect(listed, `alerting ${scope}`).toEqual(expected);
    }
    for (const category of CATEGORIES) {
      const expected = referenceMetrics(cases, () => true, period, now, FRACTION, category);
      expect(metricSet(state.figures(tree.root.code, period, now, category)), `${category} ${period}`).toEqual(
        expected,
      );
    }
  }
}

describe(LiveState.name, () => {
  describe('upsert and tick', () => {
    it('agrees with an independent recomputation over random shuffled, late and duplicated streams', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(...ANCHORS), (seed, anchor) => {
          const rng = new Rng(seed);
          const stream = randomStream(rng, {
            cases: 25,
            cells: TEST_NODES,
            departments: TEST_DEPARTMENTS,
            start: anchor,
          });
          let now = stream.arrivals[0]?.arriveAt ?? anchor;
          const state = new LiveState(tree, FRACTION, now);
          const arrived: NormalizedEvent[] = [];
          const checkpoints = new Set([
            Math.floor(stream.arrivals.length / 3),
            Math.floor((2 * stream.arrivals.length) / 3),
          ]);
          stream.arrivals.forEach((a, i) => {
            now = Math.max(now, a.arriveAt);
            state.tick(now);
            arrived.push(a.event);
            const mine = arrived.filter((e) => e.caseId === a.event.caseId);
            state.upsert(foldCase(a.event.caseId, mine, ctx), now);
            if (checkpoints.has(i)) compareAll(state, arrived, now);
          });
          // Time passes with no event: cases turn yellow and red, periods roll over.
          for (const step of [HOUR_MS, 7 * HOUR_MS, 2 * DAY_MS, 9 * DAY_MS, 40 * DAY_MS]) {
            now += Math.floor(step * rng.between(0.5, 1.5));
            state.tick(now);
            compareAll(state, arrived, now);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('tick', () => {
    it('turns a case yellow then red with no new event, and counts it due', () => {
      const t0 = Date.parse('2026-11-21T08:00:00+08:00');
      const state = new LiveState(tree, FRACTION, t0);
      const events: NormalizedEvent[] = [
        reportedAt('K', t0),
        { eventId: 'b', caseId: 'K', type: 'accepted', at: t0 },
        { eventId: 'c', caseId: 'K', type: 'dispatched', at: t0, handlerLevel: 'cell', deadline: t0 + 10 * HOUR_MS },
      ];
      state.upsert(foldCase('K', events, ctx), t0);
      const at = (t: number) => {
        state.tick(t);
        return metricSet(state.figures('410100', 'day', t));
      };
      expect(at(t0 + 7 * HOUR_MS)).toMatchObject({ openNow: 1, nearDueNow: 0, overdueNow: 0, due: 0 });
      expect(at(t0 + 8 * HOUR_MS)).toMatchObject({ nearDueNow: 1, overdueNow: 0, due: 0 });
      expect(at(t0 + 10 * HOUR_MS)).toMatchObject({ nearDueNow: 1, overdueNow: 0 });
      expect(at(t0 + 10 * HOUR_MS + 1)).toMatchObject({ nearDueNow: 0, overdueNow: 1, due: 1 });
      expect(metricSet(state.figures('410100', 'day', t0 + 10 * HOUR_MS + 1)).onTimeRate).toEqual({
        value: 0,
        numerator: 0,
        denominator: 1,
      });
    });

    it('rolls the day over at midnight Asia/Shanghai', () => {
      const t0 = Date.parse('2026-11-21T23:59:00+08:00');
      const state = new LiveState(tree, FRACTION, t0);
      state.upsert(foldCase('D', [reportedAt('D', t0)], ctx), t0);
      expect(metricSet(state.figures('410100', 'day', t0)).reported).toBe(1);
      const midnight = Date.parse('2026-11-22T00:00:00+08:00');
      state.tick(midnight);
      expect(metricSet(state.figures('410100', 'day', midnight)).reported).toBe(0);
      expect(metricSet(state.figures('410100', 'week', midnight)).reported).toBe(1);
      expect(state.takeDirty()).toBe('all');
    });
  });
});
