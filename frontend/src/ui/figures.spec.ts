import { describe, expect, it } from 'vitest';
import { rate, stats } from '../testing/fixtures';
import { figures } from './figures';

describe('figures', () => {
  it('leads with 结案率 and 按期结案率 over 应结案, each with its numerator and denominator', () => {
    const sut = figures(stats({ closeRate: rate(911, 972), onTimeRate: rate(737, 972), overdueNow: 3 }));
    expect(sut.slice(0, 2).map((f) => [f.label, f.value, f.detail, f.tone])).toEqual([
      ['结案率', '93.72%', '结案 911 / 应结案 972', 'lead'],
      ['按期结案率', '75.82%', '按期结案 737 / 应结案 972', 'lead'],
    ]);
    expect(sut.find((f) => f.key === 'overdueNow')!.tone).toBe('alarm');
    expect(sut.map((f) => f.label)).toContain('平均办理时长');
  });

  it('shows 办结率 only as progress, in a neutral tone, however low', () => {
    const progress = figures(stats({ resolutionRate: rate(1, 100) })).find((f) => f.key === 'resolutionRate')!;
    expect(progress).toMatchObject({
      label: '办结进度',
      value: '1.00%',
      detail: '结案 1 / 立案 100',
      tone: 'progress',
    });
  });

  it('names every number once: the resolved count is 结案 wherever it appears', () => {
    const labels = figures(stats()).map((f) => f.label);
    expect(labels).toContain('结案数');
    expect(labels).not.toContain('办结数');
    expect(labels).not.toContain('办结率');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('calls the standing counts of an issued period 期末', () => {
    const labels = figures(stats(), { issued: true }).map((f) => f.label);
    expect(labels).toEqual(expect.arrayContaining(['期末在办', '期末超期', '期末临期']));
    expect(labels).not.toContain('在办数');
  });

  it('shows dashes before the first snapshot', () => {
    expect(figures(null).every((f) => f.value === '—')).toBe(true);
  });
});
