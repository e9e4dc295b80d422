import { describe, expect, it } from 'vitest';
import { parseReplayAt, replayLabel } from './replay';

describe('parseReplayAt', () => {
  it('is the live wall without at', () => {
    expect(parseReplayAt(null)).toEqual({ kind: 'live' });
  });

  it('reads a moment with or without seconds and offset, in city time when the offset is missing', () => {
    const t = Date.parse('2026-11-24T01:00:00Z');
    for (const text of [
      '2026-11-24T09:00+08:00',
      '2026-11-24T09:00:00+08:00',
      '2026-11-24T01:00:00.000Z',
      '2026-11-24T09:00',
      // An unencoded "+" arrives as a space.
      '2026-11-24T09:00 08:00',
    ])
      expect(parseReplayAt(text), text).toEqual({ kind: 'replay', t, iso: '2026-11-24T09:00:00.000+08:00' });
  });

  it('refuses what is no moment, saying what was given and what is expected', () => {
    for (const text of ['', 'yesterday', '2026-11-31T09:00', '2026-11-24 09:00', '2026-11-24T25:00+08:00']) {
      const r = parseReplayAt(text);
      expect(r.kind, text).toBe('invalid');
      if (r.kind === 'invalid') expect(r.message).toContain('2026-11-24T09:00+08:00');
    }
  });
});

describe('replayLabel', () => {
  it('says the moment in city time, seconds only when there are some', () => {
    expect(replayLabel(Date.parse('2026-11-24T01:00:00Z'))).toBe('2026年11月24日 09:00');
    expect(replayLabel(Date.parse('2026-11-23T16:05:07Z'))).toBe('2026年11月24日 00:05:07');
  });
});
