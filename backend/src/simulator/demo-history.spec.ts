import { describe, expect, it } from 'vitest';
import { lastEndedPeriod, periodStart, toCityIso } from '@gridwall/shared';
import { demoHistoryStart } from './simulator.service';

const at = (iso: string) => Date.parse(iso);

describe('demoHistoryStart', () => {
  it('starts on a Monday early enough for the last month and two whole weeks, at any moment', () => {
    for (const iso of [
      '2026-12-03T21:00:00+08:00',
      '2026-12-01T00:05:00+08:00',
      '2026-12-01T01:59:00+08:00',
      '2026-11-30T02:01:00+08:00',
      '2026-11-30T23:55:00+08:00',
      '2026-11-23T00:05:00+08:00',
      '2026-11-29T23:55:00+08:00',
      '2027-01-01T00:00:00+08:00',
      '2026-03-31T12:00:00+08:00',
    ]) {
      const now = at(iso);
      const start = demoHistoryStart(now);
      // The newest issued periods are the ones ended at least the 2-hour grace ago.
      const issued = now - 2 * 3_600_000;
      expect(toCityIso(start), iso).toMatch(/T00:00:00\.000\+08:00$/);
      expect(periodStart('week', start), iso).toBe(start);
      expect(start, iso).toBeLessThanOrEqual(lastEndedPeriod('month', issued).from);
      const lastWeek = lastEndedPeriod('week', issued);
      expect(start, iso).toBeLessThanOrEqual(lastWeek.from - 7 * 86_400_000);
      // Not deeper than needed: at most the previous month plus a week.
      expect(now - start, iso).toBeLessThan(70 * 86_400_000);
    }
  });
});
