import { describe, expect, it } from 'vitest';
import { readLiveParams } from './liveParams';

describe('readLiveParams', () => {
  it('defaults to the city-wide day room', () => {
    expect(readLiveParams('')).toEqual({ subscription: { scope: '410100', period: 'day' } });
  });

  it('reads scope, period and token from the query', () => {
    expect(readLiveParams('?scope=410102&period=week&token=abc')).toEqual({
      subscription: { scope: '410102', period: 'week' },
      token: 'abc',
    });
  });

  it('falls back per field on malformed values', () => {
    expect(readLiveParams('?scope=%3Cscript%3E&period=decade').subscription).toEqual({
      scope: '410100',
      period: 'day',
    });
  });
});
