import { describe, expect, it } from 'vitest';
import { freshnessOf, watchdogAction } from './freshness';

const STALE = 30_000;

describe('freshnessOf', () => {
  it('is fresh while every room had a message within the threshold', () => {
    const sut = freshnessOf('connected', [{ since: 0, lastUpdate: 90_000, lastMessage: 95_000 }], 100_000, STALE);

    expect(sut).toEqual({ stale: false, reason: null, lastUpdate: 90_000, silentMs: 5_000 });
  });

  it('is stale once one room is silent for longer than the threshold', () => {
    const sut = freshnessOf(
      'connected',
      [
        { since: 0, lastUpdate: 99_000, lastMessage: 99_000 },
        { since: 0, lastUpdate: 60_000, lastMessage: 60_000 },
      ],
      100_000,
      STALE,
    );

    expect(sut.stale).toBe(true);
    expect(sut.reason).toBe('silent');
    expect(sut.lastUpdate).toBe(99_000);
  });

  it('counts a room that never answered from when it was followed', () => {
    expect(
      freshnessOf('connected', [{ since: 50_000, lastUpdate: null, lastMessage: null }], 70_000, STALE).stale,
    ).toBe(false);
    expect(
      freshnessOf('connected', [{ since: 50_000, lastUpdate: null, lastMessage: null }], 90_000, STALE).stale,
    ).toBe(true);
  });

  it('is stale at once when the socket is down, however recent the data', () => {
    const sut = freshnessOf('reconnecting', [{ since: 0, lastUpdate: 99_999, lastMessage: 99_999 }], 100_000, STALE);

    expect(sut).toMatchObject({ stale: true, reason: 'disconnected' });
  });
});

describe('watchdogAction', () => {
  const silent = (silentMs: number) => ({ stale: true, reason: 'silent' as const, lastUpdate: 0, silentMs });

  it('resyncs a silent room, then reconnects when that brought nothing', () => {
    expect(watchdogAction(silent(40_000), 'connected', STALE)).toBe('resync');
    expect(watchdogAction(silent(100_000), 'connected', STALE)).toBe('reconnect');
  });

  it('leaves a fresh or a disconnected link to Socket.IO', () => {
    expect(watchdogAction({ stale: false, reason: null, lastUpdate: 0, silentMs: 0 }, 'connected', STALE)).toBe('none');
    expect(watchdogAction(silent(100_000), 'reconnecting', STALE)).toBe('none');
  });
});
