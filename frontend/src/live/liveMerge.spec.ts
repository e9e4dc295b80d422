import { describe, expect, it } from 'vitest';
import { FEED_LIMIT, OVERDUE_LIMIT } from '@gridwall/shared';
import type { HotspotView, OverdueItem } from '@gridwall/shared';
import { categoryStats, feedItem, feedItems, patch, rate, snapshot, stats } from '../testing/fixtures';
import { applyPatch, applySnapshot, HOTSPOT_LIMIT } from './liveMerge';

function overdueItem(n: number): OverdueItem {
  return {
    caseId: `C${n}`,
    title: `超期 ${n}`,
    category: 'work_safety',
    areaPath: [{ code: '410102', name: '中原区' }],
    handler: { level: 'township', departmentCode: null, departmentName: null },
    deadline: '2026-11-20T09:00:00.000+08:00',
    overdueHours: 24,
    state: 'red',
  };
}

describe('applySnapshot', () => {
  it('takes the snapshot as the whole state', () => {
    const sut = snapshot({ seq: 42, stats: stats({ reported: 7 }) });

    const state = applySnapshot(sut);

    expect(state).toEqual(sut);
    expect(state.seq).toBe(42);
  });

  it('caps an oversized feed and overdue list', () => {
    const sut = snapshot({
      feed: feedItems(200, FEED_LIMIT + 20),
      overdue: {
        totalRed: 80,
        totalYellow: 0,
        items: Array.from({ length: OVERDUE_LIMIT + 5 }, (_, i) => overdueItem(i)),
      },
    });

    const state = applySnapshot(sut);

    expect(state.feed).toHaveLength(FEED_LIMIT);
    expect(state.feed[0]).toBe(sut.feed[0]);
    expect(state.overdue.items).toHaveLength(OVERDUE_LIMIT);
    expect(state.overdue.totalRed).toBe(80);
  });
});

describe('applyPatch', () => {
  it('merges the parts an in-order patch carries and keeps the others', () => {
    const state = snapshot({ seq: 10 });
    const newStats = stats({ reported: 11, resolutionRate: rate(3, 4) });

    const outcome = applyPatch(state, patch(11, { stats: newStats }));

    expect(outcome.resync).toBeUndefined();
    expect(outcome.state?.seq).toBe(11);
    expect(outcome.state?.stats).toBe(newStats);
    expect(outcome.state?.categories).toBe(state.categories);
    expect(outcome.state?.trend).toBe(state.trend);
    expect(outcome.state?.overdue).toBe(state.overdue);
    expect(outcome.state?.feed).toBe(state.feed);
  });

  it('replaces categories, trend, overdue and rankings when present, null included', () => {
    const state = snapshot({
      seq: 1,
      rankings: { tier: 'district', scope: '410100', period: 'day', rows: [] },
    });
    const categories = [categoryStats('work_safety', { reported: 2 })];
    const trend = { granularity: 'hour' as const, buckets: [{ start: 'x', reported: 1, resolved: 0 }] };

    const outcome = applyPatch(state, patch(2, { categories, trend, rankings: null }));

    expect(outcome.state?.categories).toBe(categories);
    expect(outcome.state?.trend).toBe(trend);
    expect(outcome.state?.rankings).toBeNull();
    expect(outcome.state?.stats).toBe(state.stats);
  });

  it('prepends new feed items, newest first', () => {
    const state = snapshot({ seq: 5, feed: feedItems(3, 3) });
    const fresh = [feedItem(5), feedItem(4)];

    const outcome = applyPatch(state, patch(6, { feed: fresh }));

    expect(outcome.state?.feed.map((f) => f.caseId)).toEqual([5, 4, 3, 2, 1].map((n) => feedItem(n).caseId));
  });

  it('keeps the feed at FEED_LIMIT however many patches arrive', () => {
    let state = snapshot({ seq: 0, feed: feedItems(FEED_LIMIT, FEED_LIMIT) });

    for (let seq = 1; seq <= 30; seq++) {
      const outcome = applyPatch(state, patch(seq, { feed: feedItems(1000 + seq * 10, 7) }));
      if (!outcome.state) throw new Error(`patch ${seq} was refused`);
      state = outcome.state;
      expect(state.feed).toHaveLength(FEED_LIMIT);
    }
    expect(state.feed[0].caseId).toBe(feedItem(1300).caseId);
  });

  it('caps a single patch carrying more than FEED_LIMIT items', () => {
    const state = snapshot({ seq: 0 });

    const outcome = applyPatch(state, patch(1, { feed: feedItems(500, FEED_LIMIT + 10) }));

    expect(outcome.state?.feed).toHaveLength(FEED_LIMIT);
    expect(outcome.state?.feed[0].caseId).toBe(feedItem(500).caseId);
  });

  it.each([
    ['a gap', 12],
    ['a repeat', 10],
    ['an old patch', 3],
  ])('asks for a resync on %s and leaves the state unchanged', (_, seq) => {
    const state = snapshot({ seq: 10 });
    const before = structuredClone(state);

    const outcome = applyPatch(state, patch(seq, { stats: stats({ reported: 99 }), feed: [feedItem(99)] }));

    expect(outcome).toEqual({ resync: true });
    expect(state).toEqual(before);
  });

  it('never mutates the state it was given', () => {
    const state = snapshot({ seq: 1 });
    const before = structuredClone(state);

    applyPatch(state, patch(2, { stats: stats({ reported: 5 }), feed: [feedItem(9)] }));

    expect(state).toEqual(before);
  });
});

describe('hotspots', () => {
  const hotspot = (code: string): HotspotView => ({
    id: `h-${code}`,
    unit: { code, name: `单位${code}`, level: 'village' },
    areaPath: [{ code, name: `单位${code}` }],
    category: 'illegal_business',
    windowHours: 24,
    windowCount: 12,
    expected: 0.4,
    ratio: 30,
    tailProbability: 1e-9,
    trigger: { hours: 4, count: 9, expected: 0.1, tailProbability: 1e-9, threshold: 1e-4 },
    since: '2026-11-25T13:05:00.000+08:00',
    peakCount: 12,
    peakAt: '2026-11-25T14:55:00.000+08:00',
    openCases: 12,
    openCaseIds: [],
    trend: { from: '2026-11-24T15:00:00.000+08:00', hourly: [], expected: [] },
  });

  it('keeps a snapshot without hotspots without them (unknown is not "none")', () => {
    const state = applySnapshot(snapshot());

    expect('hotspots' in state).toBe(false);
    expect(applySnapshot(snapshot({ hotspots: [] })).hotspots).toEqual([]);
  });

  it('replaces the whole list when a patch carries it, and keeps it when it does not', () => {
    const list = [hotspot('410102001002')];
    const state = applySnapshot(snapshot({ seq: 1, hotspots: [] }));

    const raised = applyPatch(state, patch(2, { hotspots: list })).state!;
    const other = applyPatch(raised, patch(3, { stats: stats({ reported: 3 }) })).state!;
    const cleared = applyPatch(other, patch(4, { hotspots: [] })).state!;

    expect(raised.hotspots).toBe(list);
    expect(other.hotspots).toBe(list);
    expect(cleared.hotspots).toEqual([]);
  });

  it('holds an oversized list to its limit', () => {
    const many = Array.from({ length: HOTSPOT_LIMIT + 7 }, (_, i) => hotspot(String(410102001000 + i)));

    expect(applySnapshot(snapshot({ hotspots: many })).hotspots).toHaveLength(HOTSPOT_LIMIT);
    expect(applyPatch(snapshot({ seq: 1 }), patch(2, { hotspots: many })).state!.hotspots).toHaveLength(HOTSPOT_LIMIT);
  });
});
