import { describe, expect, it } from 'vitest';
import { rate } from '../testing/fixtures';
import { formatCityDateTime, formatCityTime, formatCount, formatRate, NO_VALUE } from './format';

describe('formatCount', () => {
  it('groups thousands and shows a dash for no value', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe(NO_VALUE);
  });
});

describe('formatRate', () => {
  it('shows a percentage with one decimal', () => {
    expect(formatRate(rate(979, 1000))).toBe('97.9%');
    expect(formatRate(rate(1, 1))).toBe('100.0%');
  });

  it('shows a dash for a zero denominator or no data', () => {
    expect(formatRate(rate(0, 0))).toBe('—');
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatCityTime', () => {
  it('shows city time whatever the offset of the input', () => {
    expect(formatCityTime('2026-11-21T09:30:05.000+08:00')).toBe('09:30:05');
    expect(formatCityTime('2026-11-21T01:30:05Z')).toBe('09:30:05');
  });

  it('shows a dash for garbage', () => {
    expect(formatCityTime('yesterday')).toBe(NO_VALUE);
    expect(formatCityTime(undefined)).toBe(NO_VALUE);
  });
});

describe('formatCityDateTime', () => {
  it('shows the city date and time, crossing midnight correctly', () => {
    expect(formatCityDateTime('2026-11-21T16:00:00Z')).toBe('2026-11-22 00:00:00');
  });
});
