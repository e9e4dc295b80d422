import { describe, expect, it } from 'vitest';
import { isNewStep, parsePlace, placeSearch, type MeetingPlace } from './meetingUrl';

const T = Date.parse('2026-11-24T09:00:00+08:00');

describe('parsePlace / placeSearch', () => {
  it('round-trips the drill-down path, the period, the open case and the replay moment', () => {
    const place: MeetingPlace = {
      path: ['410102', '410102001'],
      choice: { mode: 'live', period: 'day' },
      caseId: 'M2026-1',
      at: T,
    };
    const search = placeSearch(place);
    expect(search).toBe('?path=410102,410102001&period=day&case=M2026-1&at=2026-11-24T09:00:00%2B08:00');
    expect(parsePlace(search)).toEqual(place);
  });

  it('keeps an issued period and leaves the defaults out of the address', () => {
    const issued: MeetingPlace = {
      path: [],
      choice: { mode: 'issued', kind: 'week', period: '2026-W47' },
      caseId: null,
      at: null,
    };
    expect(parsePlace(placeSearch(issued))).toEqual(issued);
    expect(placeSearch({ path: [], choice: { mode: 'live', period: 'week' }, caseId: null, at: null })).toBe('');
  });

  it('ignores what it cannot read', () => {
    expect(parsePlace('?path=410102,<b>&period=decade&case=%3Cscript%3E&at=yesterday')).toEqual({
      path: ['410102'],
      choice: { mode: 'live', period: 'week' },
      caseId: null,
      at: null,
    });
  });
});

describe('isNewStep', () => {
  const base: MeetingPlace = { path: ['410102'], choice: { mode: 'live', period: 'week' }, caseId: null, at: null };
  it('makes a history entry for a unit, a case, a period and entering replay, not for moving the moment', () => {
    expect(isNewStep(base, { ...base, path: ['410102', '410102001'] })).toBe(true);
    expect(isNewStep(base, { ...base, caseId: 'C1' })).toBe(true);
    expect(isNewStep(base, { ...base, choice: { mode: 'live', period: 'day' } })).toBe(true);
    expect(isNewStep(base, { ...base, at: T })).toBe(true);
    expect(isNewStep({ ...base, at: T }, { ...base, at: T + 60_000 })).toBe(false);
  });
});
