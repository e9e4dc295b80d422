import { describe, expect, it } from 'vitest';
import { durationText, hotspotLine, hotspotMarks, hotspotState, hotspotStateText, momentText } from './hotspotView';
import { hotspotFixture } from './hotspotFixture';

const NOW = Date.parse('2026-11-25T15:10:00+08:00');

describe('hotspotLine', () => {
  it('names the unit with its full place path, the category, the headline, since, peak and open cases', () => {
    const sut = hotspotLine(hotspotFixture(), NOW);

    expect(sut.unitName).toBe('绿东村社区');
    expect(sut.levelText).toBe('村（社区）');
    expect(sut.placePath).toBe('中原区 · 林山寨街道 · 绿东村社区');
    expect(sut.districtCode).toBe('410102');
    expect(sut.categoryText).toBe('非法经营');
    expect(sut.headline).toBe('近24小时 14 件，常态约 3 件');
    expect(sut.ratioText).toBe('约 4.4 倍常态');
    expect(sut.sinceText).toBe('13:05 起');
    expect(sut.durationText).toBe('已持续 2 小时 5 分');
    expect(sut.peakText).toBe('峰值 16 件（14:10）');
    expect(sut.openText).toBe('未结 12 件');
  });

  it('dates a moment of another day, and says no ratio over a usual count of 0', () => {
    const sut = hotspotLine(hotspotFixture({ expected: 0, ratio: null, since: '2026-11-24T23:50:00+08:00' }), NOW);

    expect(sut.sinceText).toBe('11月24日 23:50 起');
    expect(sut.ratioText).toBe('');
    expect(sut.headline).toBe('近24小时 14 件，常态约 0 件');
  });
});

describe('hotspotState', () => {
  it('tells an unknown list from an empty one', () => {
    expect(hotspotState(undefined)).toBe('off');
    expect(hotspotState([])).toBe('none');
    expect(hotspotState([hotspotFixture()])).toBe('some');
    expect(hotspotStateText('none', false)).toBe('暂无预警');
    expect(hotspotStateText('off', false)).toBe('预警未启用');
    expect(hotspotStateText('off', true)).toContain('回放');
    expect(hotspotStateText('some', false)).toBe('');
  });
});

describe('hotspotMarks', () => {
  it('groups hotspots by district for the map', () => {
    const a = hotspotLine(hotspotFixture(), NOW);
    const b = hotspotLine(hotspotFixture({ id: 'h2', category: 'work_safety' }), NOW);
    const c = hotspotLine(
      hotspotFixture({
        id: 'h3',
        areaPath: [{ code: '410105', name: '金水区' }],
        unit: { code: '410105', name: '金水区', level: 'district' },
      }),
      NOW,
    );

    const sut = hotspotMarks([a, b, c]);

    expect(sut.map((m) => [m.code, m.count])).toEqual([
      ['410102', 2],
      ['410105', 1],
    ]);
    expect(sut[0].lines[1]).toBe('中原区 · 林山寨街道 · 绿东村社区 · 安全生产：近24小时 14 件，常态约 3 件');
  });
});

describe('momentText and durationText', () => {
  it('are short', () => {
    expect(momentText(NOW, NOW)).toBe('15:10');
    expect(durationText(35 * 60_000)).toBe('35 分');
    expect(durationText(27 * 3600_000)).toBe('1 天 3 小时');
    expect(durationText(-5)).toBe('0 分');
  });
});
