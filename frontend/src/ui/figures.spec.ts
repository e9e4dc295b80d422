import { describe, expect, it } from 'vitest';
import { rate, stats } from '../testing/fixtures';
import { figures } from './figures';

describe('figures', () => {
  it('shows every rate with its numerator and denominator, and marks overdue cases', () => {
    const sut = figures(stats({ onTimeRate: rate(12, 15), overdueNow: 3 }));
    const onTime = sut.find((f) => f.key === 'onTimeRate')!;
    expect(onTime.value).toBe('80.0%');
    expect(onTime.detail).toBe('12 / 15');
    expect(sut.find((f) => f.key === 'overdueNow')!.tone).toBe('alarm');
    expect(sut.map((f) => f.label)).toContain('平均办理时长');
  });

  it('shows dashes before the first snapshot', () => {
    expect(figures(null).every((f) => f.value === '—')).toBe(true);
  });
});
