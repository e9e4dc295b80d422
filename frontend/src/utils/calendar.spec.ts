import { describe, expect, it } from 'vitest';
import { parseIsoWithOffset } from '@gridwall/shared';
import { clockLabel, dateLabel, periodLabel } from './calendar';

const at = (iso: string) => parseIsoWithOffset(iso) as number;

describe('periodLabel', () => {
  it('names the period with its dates in city time', () => {
    const t = at('2026-11-21T09:30:00+08:00');

    expect(periodLabel('day', t)).toBe('今日 11月21日');
    expect(periodLabel('week', t)).toBe('本周 11月16日—11月22日');
    expect(periodLabel('month', t)).toBe('本月 2026年11月');
    expect(periodLabel('quarter', t)).toBe('本季度 2026年第4季度');
    expect(periodLabel('year', t)).toBe('本年 2026年');
  });

  it('rolls over at city midnight, not UTC midnight', () => {
    expect(periodLabel('week', at('2026-11-22T23:59:59+08:00'))).toBe('本周 11月16日—11月22日');
    expect(periodLabel('week', at('2026-11-23T00:00:00+08:00'))).toBe('本周 11月23日—11月29日');
    expect(periodLabel('year', at('2026-12-31T16:00:00Z'))).toBe('本年 2027年');
  });
});

describe('dateLabel and clockLabel', () => {
  it('show the city date with its weekday and the time', () => {
    const t = at('2026-11-21T23:59:58+08:00');

    expect(dateLabel(t)).toBe('2026年11月21日 星期六');
    expect(clockLabel(t)).toBe('23:59:58');
    expect(dateLabel(t + 2000)).toBe('2026年11月22日 星期日');
  });
});
