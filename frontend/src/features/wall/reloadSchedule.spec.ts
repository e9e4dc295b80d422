import { describe, expect, it } from 'vitest';
import { parseIsoWithOffset, toCityIso } from '@gridwall/shared';
import { nextCityTime } from './reloadSchedule';

const at = (iso: string) => parseIsoWithOffset(iso) as number;

describe('nextCityTime', () => {
  it('is today at 04:00 city time when that is still ahead, else tomorrow', () => {
    expect(toCityIso(nextCityTime(at('2026-11-21T02:00:00+08:00'), { hour: 4, minute: 0 }))).toBe(
      '2026-11-21T04:00:00.000+08:00',
    );
    expect(toCityIso(nextCityTime(at('2026-11-21T04:00:00+08:00'), { hour: 4, minute: 0 }))).toBe(
      '2026-11-22T04:00:00.000+08:00',
    );
    expect(toCityIso(nextCityTime(at('2026-11-21T23:59:59+08:00'), { hour: 4, minute: 0 }))).toBe(
      '2026-11-22T04:00:00.000+08:00',
    );
  });

  it('counts in city time whatever time zone the instant is written in', () => {
    // 20:30 UTC is 04:30 city time the next day: the next 04:00 is a day later.
    expect(toCityIso(nextCityTime(at('2026-11-21T20:30:00Z'), { hour: 4, minute: 0 }))).toBe(
      '2026-11-23T04:00:00.000+08:00',
    );
  });
});
