import { describe, expect, it } from 'vitest';
import type { StatsView } from '@gridwall/shared';
import { diffRoom, sameJson, type RoomParts } from './room-diff';

/** A room's parts; `reported` and `asOf` vary, the rest is fixed. */
function parts(reported: number, asOf = '2026-11-25T15:00:00+08:00', rows = 1): RoomParts {
  return {
    stats: { scope: '410100', reported, asOf } as unknown as StatsView,
    categories: [],
    trend: { granularity: 'hour', buckets: [{ start: '2026-11-25T15:00:00+08:00', reported, resolved: 0 }] },
    overdue: { totalRed: 0, totalYellow: 0, items: [] },
    rankings: {
      tier: 'district',
      scope: '410100',
      period: 'day',
      rows: Array.from({ length: rows }, (_, i) => ({ code: `c${i}`, rank: i + 1 })) as never,
    },
  };
}

describe(diffRoom.name, () => {
  it('sends nothing when only the time of computation moved', () => {
    const sut = diffRoom(parts(3), parts(3, '2026-11-25T15:00:01+08:00'));
    expect(sut.patch).toBeNull();
    expect(sut.held).toEqual([]);
  });

  it('sends exactly the parts that changed', () => {
    const before = parts(3);
    const after = { ...parts(4), overdue: before.overdue, categories: before.categories, rankings: before.rankings };
    const sut = diffRoom(before, after);
    expect(Object.keys(sut.patch ?? {}).sort()).toEqual(['stats', 'trend']);
    expect(sut.patch?.stats).toBe(after.stats);
    expect(sut.last.stats).toBe(after.stats);
  });

  it('treats an absent hotspot list as no change, and sends it when it first appears or changes', () => {
    expect(diffRoom(parts(3), parts(3)).patch).toBeNull();
    const known = { ...parts(3), hotspots: [] };
    const first = diffRoom(parts(3), known);
    expect(first.patch).toEqual({ hotspots: [] });
    expect(diffRoom(first.last, known).patch).toBeNull();
    const raised = { ...parts(3), hotspots: [{ id: '7' }] as never };
    expect(diffRoom(first.last, raised).patch).toEqual({ hotspots: [{ id: '7' }] });
  });

  it('sends every part to a room that was never sent anything', () => {
    const sut = diffRoom({}, parts(3));
    expect(Object.keys(sut.patch ?? {}).sort()).toEqual(['categories', 'overdue', 'rankings', 'stats', 'trend']);
  });

  it('holds back a changed part it is told to hold, and keeps what the room was sent of it', () => {
    const before = parts(3, undefined, 1);
    const after = { ...before, rankings: parts(3, undefined, 2).rankings };
    const sut = diffRoom(before, after, new Set(['rankings']));
    expect(sut.patch).toBeNull();
    expect(sut.held).toEqual(['rankings']);
    expect(sut.last.rankings).toBe(before.rankings);
    // Once the hold is lifted the change goes out.
    expect(diffRoom(sut.last, after).patch?.rankings).toBe(after.rankings);
  });

  it('sees a change deep inside a part (one row of a ranking)', () => {
    const before = parts(3, undefined, 3);
    const after = parts(3, undefined, 3);
    (after.rankings!.rows[2] as { rank: number }).rank = 2;
    expect(diffRoom(before, after).patch).toEqual({ rankings: after.rankings });
  });
});

describe(sameJson.name, () => {
  it.each([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [[], {}, false],
    [{ a: null }, { a: 0 }, false],
    [{ v: 0.1 + 0.2 }, { v: 0.3 }, false],
    ['x', 'x', true],
  ])('compares %j with %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});
