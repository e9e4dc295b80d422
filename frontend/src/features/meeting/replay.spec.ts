import { describe, expect, it } from 'vitest';
import {
  advanceMoment,
  atParam,
  clampMoment,
  parseAt,
  replayKey,
  replayMomentText,
  replayPaths,
  scrubRange,
} from './replay';

const T = Date.parse('2026-11-24T09:00:00+08:00');
const DAY = 86_400_000;

describe('parseAt / atParam', () => {
  it('reads an ISO time with offset, seconds optional, and writes it back in city time', () => {
    expect(parseAt('2026-11-24T09:00+08:00')).toBe(T);
    expect(parseAt('2026-11-24T01:00:00Z')).toBe(T);
    // A hand-typed link's "+" arrives as a space.
    expect(parseAt('2026-11-24T09:00:00 08:00')).toBe(T);
    expect(parseAt('2026-11-24 09:00')).toBeNull();
    expect(parseAt('')).toBeNull();
    expect(parseAt(null)).toBeNull();
    expect(atParam(T + 999)).toBe('2026-11-24T09:00:00+08:00');
  });
});

describe('replayMomentText', () => {
  it('names the day, the time and the weekday in city time', () => {
    expect(replayMomentText(T)).toBe('11月24日 09:00:00（周二）');
  });
});

describe('scrubRange / clampMoment / advanceMoment', () => {
  it('reaches seven days back to now, and play never passes now', () => {
    const now = T + DAY + 30_500;
    expect(scrubRange(now)).toEqual({ min: T + DAY - 7 * DAY, max: now });
    expect(clampMoment(now + 5, now)).toBe(now);
    expect(clampMoment(0, now)).toBe(T + DAY - 7 * DAY);
    expect(advanceMoment(T, 60, 1000, now)).toBe(T + 60_000);
    expect(advanceMoment(T, 600, 1000, now)).toBe(T + 600_000);
    expect(advanceMoment(T, 600, DAY, now)).toBe(now);
    expect(advanceMoment(T, 60, -5, now)).toBe(T);
  });
});

describe('replayPaths / replayKey', () => {
  it('reads the figures, the ranking of the child tier and the overdue list at T', () => {
    const sut = replayPaths({ scope: '410102', period: 'week', tier: 'township' }, T);
    const at = encodeURIComponent('2026-11-24T09:00:00+08:00');
    expect(sut).toEqual({
      stats: `/api/stats?scope=410102&period=week&at=${at}`,
      rankings: `/api/rankings?tier=township&scope=410102&period=week&at=${at}`,
      overdue: `/api/overdue?scope=410102&limit=500&at=${at}`,
    });
    expect(replayPaths({ scope: '410102001002001', period: 'day', tier: null }, T).rankings).toBeNull();
    expect(replayKey({ scope: '410102', period: 'week', tier: 'township' }, T)).not.toBe(
      replayKey({ scope: '410102', period: 'day', tier: 'township' }, T),
    );
  });
});
