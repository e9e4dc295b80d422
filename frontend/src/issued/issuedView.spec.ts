import { describe, expect, it } from 'vitest';
import { assessmentHeader, issuedStats, rate } from '../testing/fixtures';
import {
  briefingHeading,
  briefingTitle,
  headlineFigures,
  issuedBanner,
  noneIssuedText,
  periodDates,
  versionText,
} from './issuedView';

describe('briefingHeading', () => {
  it('names the period briefly and when it was issued, in city time', () => {
    expect(briefingHeading(assessmentHeader({ issuedAt: '2026-12-01T02:00:00.000+08:00' }))).toBe(
      '第48周通报 · 已发布 12月1日 02:00',
    );
    expect(briefingTitle(assessmentHeader({ kind: 'month', period: '2026-10' }))).toBe('10月通报');
    expect(briefingTitle(assessmentHeader({ kind: 'quarter', period: '2026-Q3' }))).toBe('第三季度通报');
    expect(briefingTitle(assessmentHeader({ kind: 'year', period: '2025' }))).toBe('2025年通报');
  });
});

describe('noneIssuedText', () => {
  it('says plainly that nothing is issued yet', () => {
    expect(noneIssuedText('week')).toBe('暂无已发布的周通报');
    expect(noneIssuedText('month')).toBe('暂无已发布的月通报');
  });
});

describe('issuedBanner', () => {
  it('names the period, its dates, its issue and its version (a re-issue with its reason)', () => {
    expect(issuedBanner(assessmentHeader())).toEqual({
      period: '2026年第48周',
      dates: '11月23日—11月29日',
      issued: '已发布 11月30日 02:00',
      version: '第1版',
      reason: '',
    });
    const reissued = issuedBanner(assessmentHeader({ version: 2, reason: '补录迟报数据' }));
    expect(reissued).toMatchObject({ version: '第2版（更正）', reason: '补录迟报数据' });
    expect(versionText({ version: 3 })).toBe('第3版（更正）');
    expect(periodDates('month', '2026-02')).toBe('2月1日—2月28日');
  });
});

describe('headlineFigures', () => {
  it('lists 立案, 应结案, 结案 and the rates of a 通报 with their numerators and denominators', () => {
    const sut = headlineFigures(issuedStats());
    expect(sut.map((f) => [f.label, f.value, f.parts])).toEqual([
      ['立案', '996', ''],
      ['应结案', '972', ''],
      ['结案', '911', ''],
      ['结案率', '93.72%', '（911/972）'],
      ['按期结案率', '75.82%', '（737/972）'],
      ['延期率', '4.02%', '（40/996）'],
      ['满意率', '92.11%', '（700/760）'],
      ['期末超期', '61', ''],
    ]);
    expect(sut[3]).toMatchObject({ detail: '结案 911 / 应结案 972', tone: 'lead' });
    expect(sut[7].tone).toBe('alarm');
  });

  it('shows — for a rate over zero cases, never 0', () => {
    const sut = headlineFigures(issuedStats({ satisfactionRate: rate(0, 0) }));
    expect(sut.find((f) => f.key === 'satisfactionRate')?.value).toBe('—');
    expect(headlineFigures(null).every((f) => f.value === '—')).toBe(true);
  });
});
