import { describe, expect, it } from 'vitest';
import type { BriefingData } from '@gridwall/shared';
import { assessmentHeader, categoryStats, issuedRanking, issuedStats, overdueItem, rate } from '../../testing/fixtures';
import { briefingHead, briefingQuery, categoryRows, headlineRows, overdueRows, tierSections } from './briefingView';

function briefing(overrides: Partial<BriefingData> = {}): BriefingData {
  const stats = issuedStats();
  return {
    assessment: assessmentHeader({ hash: '0123456789abcdef'.repeat(4), events: 12345 }),
    scope: { code: '410100', name: '郑州市', level: 'city' },
    stats,
    categories: [categoryStats('urban_management', { accepted: 10, due: 8, resolved: 6, closeRate: rate(6, 8) })],
    tiers: [
      { tier: 'district', ranking: issuedRanking([2, 1]) },
      { tier: 'village', ranking: { tier: 'village', scope: '410100', period: 'week', rows: [] } },
    ],
    backlog: [{ code: '410102', name: '中原区', openNow: 12, overdueNow: 3 }],
    overdue: {
      assessment: stats.assessment,
      scope: '410100',
      totalRed: 61,
      items: [overdueItem(1, { overdueHours: 27.5 })],
    },
    ...overrides,
  };
}

describe('briefingQuery', () => {
  it('reads kind, period and scope of the printable page, refusing malformed ones', () => {
    expect(briefingQuery('?kind=week&period=2026-W48&scope=410102')).toEqual({
      kind: 'week',
      period: '2026-W48',
      scope: '410102',
    });
    expect(briefingQuery('?kind=month&period=2026-10')).toEqual({ kind: 'month', period: '2026-10', scope: null });
    expect(briefingQuery('?kind=day&period=2026-W48')).toBeNull();
    expect(briefingQuery('?kind=week&period=<x>')).toBeNull();
    expect(briefingQuery('?kind=week&period=2026-W48&scope=abc')).toBeNull();
  });
});

describe('briefingHead', () => {
  it('titles the document by scope and kind, with the period, its issue, version and the figures it rests on', () => {
    expect(briefingHead(briefing())).toEqual({
      title: '郑州市网格化管理周评比通报',
      period: '2026年第48周（11月23日—11月29日）',
      particulars: '发布 11月30日 02:00 · 第1版 · 数据截至 11月30日 00:00 · 依据事件 12,345 条 · 校验码 0123456789ab',
      correction: '',
    });
  });
});

describe('headlineRows', () => {
  it('lists the headline figures of §8 with the cases behind every rate, 办结进度 last', () => {
    const sut = headlineRows(issuedStats());
    expect(sut.map((r) => r.label)).toEqual([
      '立案数',
      '应结案数',
      '结案数',
      '结案率',
      '按期结案率',
      '返工率',
      '延期率',
      '满意率',
      '期末超期数',
      '办结进度',
    ]);
    expect(sut[3]).toMatchObject({ value: '93.72%', detail: '结案 911 / 应结案 972' });
    expect(sut[9]).toMatchObject({ value: '91.47%', detail: '结案 911 / 立案 996' });
  });
});

describe('categoryRows / tierSections / overdueRows', () => {
  it('shows each category, each tier group by group (empty tiers left out) and the worst cases', () => {
    const data = briefing();
    expect(categoryRows(data.categories)[0]).toMatchObject({ category: '城市管理', closeRate: '75.00%', due: '8' });
    const tiers = tierSections(data);
    expect(tiers.map((t) => [t.title, t.blocks.map((b) => b.name)])).toEqual([
      ['县（市、区）考核排名', ['城区组', '县（市）组']],
    ]);
    expect(overdueRows(data)[0]).toMatchObject({
      caseId: 'C1',
      overdue: '1天3小时',
      place: '中原区 / 林山寨街道 / 建设路社区 / 一组',
    });
  });
});
