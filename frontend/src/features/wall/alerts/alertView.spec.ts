import { describe, expect, it } from 'vitest';
import type { AlertList, AlertView } from '@gridwall/shared';
import { alertBanner, arrivals } from './alertView';

const NOW = Date.parse('2026-11-25T15:00:00+08:00');

function alert(id: string, kind: AlertView['kind'], over: Partial<AlertView> = {}): AlertView {
  return {
    id,
    kind,
    caseId: id,
    title: `案件 ${id}`,
    category: 'illegal_business',
    areaPath: [
      { code: '410102', name: '中原区' },
      { code: '410102001', name: '林山寨街道' },
    ],
    handler: { level: 'district', departmentCode: '410102.zj', departmentName: '中原区住房和城乡建设局' },
    deadline: '2026-11-25T12:30:00+08:00',
    overdueHours: 2.5,
    since: '2026-11-25T12:30:00+08:00',
    ...over,
  };
}

const list = (items: AlertView[], total = items.length): AlertList => ({ scope: '410100', total, items });

describe(alertBanner.name, () => {
  it('shows nothing for an unknown or empty list', () => {
    expect(alertBanner(undefined, NOW)).toBeNull();
    expect(alertBanner(list([]), NOW)).toBeNull();
  });

  it('makes a card per alert, newest first as given, with kind, place, handler and since', () => {
    const view = alertBanner(
      list([
        alert('red:A:1', 'case.red'),
        alert('city:B', 'case.escalated_city', { deadline: null, since: '2026-11-25T09:05:00+08:00' }),
      ]),
      NOW,
    )!;
    expect(view.cards.map((c) => c.kindLabel)).toEqual(['超期红灯', '上报市级']);
    expect(view.cards[0]).toMatchObject({
      place: '中原区 › 林山寨街道',
      detail: '非法经营 · 承办：县（市、区） · 中原区住房和城乡建设局',
      since: '已超期 2.5 小时',
    });
    expect(view.cards[1].since).toBe('自 09:05 起');
    expect(view.more).toBe(0);
  });

  it('shows at most three and says how many more wait', () => {
    const view = alertBanner(
      list(
        ['a', 'b', 'c', 'd'].map((x) => alert(`joint:${x}`, 'case.joint_meeting')),
        9,
      ),
      NOW,
    )!;
    expect(view.cards).toHaveLength(3);
    expect(view.more).toBe(6);
    expect(view.total).toBe(9);
  });

  it('counts minutes under an hour overdue', () => {
    const view = alertBanner(list([alert('red:A:1', 'case.red', { deadline: '2026-11-25T14:40:00+08:00' })]), NOW)!;
    expect(view.cards[0].since).toBe('已超期 20 分钟');
  });
});

describe(arrivals.name, () => {
  it('announces nothing on the first look, then only ids not seen before', () => {
    const first = arrivals(null, list([alert('red:A:1', 'case.red')]));
    expect(first.fresh).toEqual([]);
    const second = arrivals(first.seen, list([alert('red:A:1', 'case.red'), alert('city:B', 'case.escalated_city')]));
    expect(second.fresh).toEqual(['city:B']);
    expect(arrivals(second.seen, list([alert('city:B', 'case.escalated_city')])).fresh).toEqual([]);
  });
});
