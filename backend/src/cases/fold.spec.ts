import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOUR_MS } from '@gridwall/shared';
import { Rng } from '../simulator/rng';
import { TEST_DEPARTMENTS, TEST_NODES, foldContext, limitMs, zhengzhouTree } from '../testing/fixtures';
import { byCase, randomStream } from '../testing/random-streams';
import { referenceCase } from '../testing/reference';
import type { NormalizedEvent } from './case-model';
import { foldCase } from './fold';

const ctx = foldContext();
const tree = zhengzhouTree();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const T = Date.parse('2026-11-21T09:00:00+08:00');

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const base: NormalizedEvent[] = [
  {
    eventId: 'r',
    caseId: 'X',
    type: 'reported',
    at: T,
    gridCode: TEST_NODES[0],
    category: 'illegal_business',
    source: 'patrol',
    title: 't',
  },
  { eventId: 'a', caseId: 'X', type: 'accepted', at: T + 600_000 },
];

describe('foldCase', () => {
  it('gives one state whatever the order and duplication of the events', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const rng = new Rng(seed);
        const { events } = randomStream(rng, { cases: 5, cells: TEST_NODES, departments: TEST_DEPARTMENTS, start: T });
        const grouped = byCase(events);
        for (const [caseId, evs] of grouped) {
          const canonical = foldCase(caseId, evs, ctx);
          const noisy = shuffle(rng, [...evs, ...evs.filter(() => rng.chance(0.3))]);
          expect(foldCase(caseId, noisy, ctx)).toEqual(canonical);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees field by field with the declarative reference rules', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { events } = randomStream(new Rng(seed), {
          cases: 8,
          cells: TEST_NODES,
          departments: TEST_DEPARTMENTS,
          start: T,
        });
        for (const [caseId, evs] of byCase(events)) {
          const s = foldCase(caseId, evs, ctx);
          const ref = referenceCase(evs, (c) => tree.levelOf(c), limitMs);
          if (!ref) {
            expect(s.status).toBe('pending');
            continue;
          }
          expect({
            accepted: s.acceptedAt !== null && !s.rejected,
            deadline: s.deadline,
            lastDispatchAt: s.lastDispatchAt,
            resolvedAt: s.resolvedAt,
            resolvedLevel: s.resolvedHandlerLevel,
            closed: s.closedAt !== null,
            satisfaction: s.satisfaction,
            reworks: s.reworkCount,
            extended: s.extendedCount > 0,
            joint: s.jointMeeting,
            departmentCode: s.departmentCode,
          }).toEqual({
            accepted: ref.accepted,
            deadline: ref.deadline,
            lastDispatchAt: ref.lastDispatchAt,
            resolvedAt: ref.resolvedAt,
            resolvedLevel: ref.resolvedLevel,
            closed: ref.closed,
            satisfaction: ref.satisfaction,
            reworks: ref.reworks,
            extended: ref.extended,
            joint: ref.joint,
            departmentCode: ref.departmentCode,
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is pending without a report and counts once it comes', () => {
    expect(foldCase('X', [base[1]], ctx).status).toBe('pending');
    expect(foldCase('X', base, ctx)).toMatchObject({ status: 'open', acceptedAt: T + 600_000, handlerLevel: 'cell' });
  });

  it('defaults the deadline to accepted time + the category limit, and the latest dispatch wins', () => {
    expect(foldCase('X', base, ctx).deadline).toBe(T + 600_000 + limitMs('illegal_business'));
    const d1: NormalizedEvent = {
      eventId: 'd1',
      caseId: 'X',
      type: 'dispatched',
      at: T + HOUR_MS,
      handlerLevel: 'village',
      deadline: T + 5 * HOUR_MS,
    };
    const d2: NormalizedEvent = {
      eventId: 'd2',
      caseId: 'X',
      type: 'dispatched',
      at: T + 2 * HOUR_MS,
      departmentCode: 'city.scjg',
    };
    const s = foldCase('X', [...base, d2, d1], ctx);
    expect(s.deadline).toBe(T + 2 * HOUR_MS + limitMs('illegal_business'));
    expect(s.handlerLevel).toBe('village');
    expect(s.departmentCode).toBe('city.scjg');
    const ext: NormalizedEvent = {
      eventId: 'x',
      caseId: 'X',
      type: 'extended',
      at: T + 3 * HOUR_MS,
      deadline: T + 99 * HOUR_MS,
    };
    expect(foldCase('X', [...base, d1, ext], ctx)).toMatchObject({ deadline: T + 99 * HOUR_MS, extendedCount: 1 });
  });

  it('folds events with the same time in type order, then by eventId', () => {
    const same = T + HOUR_MS;
    // reopened sorts after resolved at the same instant: the case ends open with one rework.
    const s = foldCase(
      'X',
      [
        ...base,
        { eventId: 'z', caseId: 'X', type: 'reopened', at: same, reason: 'r' },
        { eventId: 'y', caseId: 'X', type: 'resolved', at: same },
      ],
      ctx,
    );
    expect(s).toMatchObject({ status: 'open', resolvedAt: null, reworkCount: 1 });
  });

  it('undoes a resolution on reopen and takes the next resolution time', () => {
    const s = foldCase(
      'X',
      [
        ...base,
        { eventId: 's1', caseId: 'X', type: 'resolved', at: T + HOUR_MS },
        { eventId: 's2', caseId: 'X', type: 'resolved', at: T + 2 * HOUR_MS },
        { eventId: 'o', caseId: 'X', type: 'reopened', at: T + 3 * HOUR_MS, reason: 'r' },
        { eventId: 'e', caseId: 'X', type: 'escalated', at: T + 4 * HOUR_MS, toLevel: 'district', jointMeeting: true },
        { eventId: 's3', caseId: 'X', type: 'resolved', at: T + 5 * HOUR_MS },
        { eventId: 'c', caseId: 'X', type: 'closed', at: T + 6 * HOUR_MS, satisfaction: 'basic' },
      ],
      ctx,
    );
    expect(s).toMatchObject({
      status: 'closed',
      resolvedAt: T + 5 * HOUR_MS,
      resolvedHandlerLevel: 'district',
      reworkCount: 1,
      satisfaction: 'basic',
      jointMeeting: true,
    });
  });

  it('takes a case out of every rate once rejected, in any order', () => {
    const rej: NormalizedEvent = { eventId: 'j', caseId: 'X', type: 'rejected', at: T + 60_000, reason: 'r' };
    expect(foldCase('X', [...base, rej], ctx).status).toBe('rejected');
    expect(foldCase('X', [rej, ...base], ctx).status).toBe('rejected');
  });
});
