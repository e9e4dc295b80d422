import { describe, expect, it } from 'vitest';
import { parseIsoWithOffset } from '@gridwall/shared';
import { overdueItem } from '../../testing/fixtures';
import { countdownOf, formatDuration, formatHours, placeOf, responsibleUnit } from './countdown';

const DEADLINE = '2026-11-21T08:00:00.000+08:00';
const at = (iso: string) => parseIsoWithOffset(iso) as number;

describe('countdownOf', () => {
  it('counts up past the deadline and down before it, second by second', () => {
    expect(countdownOf(DEADLINE, at('2026-11-21T09:12:05+08:00'))).toMatchObject({
      overdue: true,
      text: '超期 01:12:05',
      short: '01:12:05',
    });
    expect(countdownOf(DEADLINE, at('2026-11-21T07:59:30+08:00'))).toMatchObject({
      overdue: false,
      text: '剩余 00:00:30',
      short: '剩 00:00:30',
    });
  });

  it('shows days for long overdue cases', () => {
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2天03:00:00');
  });
});

describe('responsibleUnit', () => {
  it('is the department when the case was dispatched to one', () => {
    const item = overdueItem(1, {
      handler: { level: 'cell', departmentCode: '410102.cg', departmentName: '中原区城市管理局' },
    });

    expect(responsibleUnit(item)).toEqual({ code: 'dept:410102.cg', name: '中原区城市管理局' });
  });

  it('is the area node at the handler level otherwise, with its township below that', () => {
    expect(responsibleUnit(overdueItem(1)).name).toBe('林山寨街道');
    expect(
      responsibleUnit(overdueItem(1, { handler: { level: 'village', departmentCode: null, departmentName: null } }))
        .name,
    ).toBe('林山寨街道·建设路社区');
    expect(
      responsibleUnit(overdueItem(1, { handler: { level: 'city', departmentCode: null, departmentName: null } })).name,
    ).toBe('市级');
  });
});

describe('placeOf', () => {
  it('names district, township and village', () => {
    expect(placeOf(overdueItem(1))).toBe('中原区 · 林山寨街道 · 建设路社区');
    expect(
      placeOf({
        areaPath: [
          { code: '410173', name: '郑州航空港经济综合实验区' },
          { code: '410173001', name: '新港办事处' },
        ],
      }),
    ).toBe('航空港区 · 新港办事处');
  });
});

describe('formatHours', () => {
  it('says how long to the hour', () => {
    expect(formatHours(27.5)).toBe('1天3小时');
    expect(formatHours(48)).toBe('2天');
    expect(formatHours(5.9)).toBe('5小时');
    expect(formatHours(0.2)).toBe('不足1小时');
  });
});
