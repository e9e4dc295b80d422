import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { useReplay } from './useReplay';
import { atParam } from './replay';

const NOW = Date.parse('2026-11-25T15:00:00+08:00');
const T = Date.parse('2026-11-24T09:00:00+08:00');
const query = { scope: '410102', period: 'week' as const, tier: 'township' as const };

/** A server whose answers wait until released; records every path asked. */
function slowServer() {
  const asked: string[] = [];
  const pending: (() => void)[] = [];
  const get = <R>(path: string): Promise<R> => {
    asked.push(path);
    return new Promise<R>((resolve) => pending.push(() => resolve({ path } as R)));
  };
  const answerAll = async (): Promise<void> => {
    while (pending.length) pending.shift()!();
    await Promise.resolve();
    await nextTick();
  };
  return { asked, get, answerAll };
}

const statsMoments = (asked: string[]): string[] =>
  asked.filter((p) => p.startsWith('/api/stats')).map((p) => decodeURIComponent(p.split('at=')[1]));

describe('useReplay', () => {
  let now = NOW;
  beforeEach(() => {
    vi.useFakeTimers();
    now = NOW;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads one frame at a time while scrubbing, then the newest moment, skipping those passed over', async () => {
    const server = slowServer();
    const scope = effectScope();
    const sut = scope.run(() => useReplay(query, 'tok', T, { get: server.get, now: () => now }))!;
    await nextTick();
    expect(statsMoments(server.asked)).toEqual([atParam(T)]);
    sut.at.value = T + 60_000;
    await nextTick();
    sut.at.value = T + 120_000;
    await nextTick();
    // The first frame has not answered: nothing more was asked.
    expect(server.asked).toHaveLength(3);
    await server.answerAll();
    expect(sut.frame.value?.at).toBe(T);
    await nextTick();
    // Then the newest moment only, never the one passed over.
    expect(statsMoments(server.asked)).toEqual([atParam(T), atParam(T + 120_000)]);
    await server.answerAll();
    expect(sut.frame.value?.at).toBe(T + 120_000);
    scope.stop();
  });

  it('plays at ×600 with one request in flight, stops at now, and leaves for live', async () => {
    const server = slowServer();
    const scope = effectScope();
    const sut = scope.run(() =>
      useReplay(query, 'tok', NOW - 3_600_000, { get: server.get, now: () => now, tickMs: 250 }),
    )!;
    await nextTick();
    sut.speed.value = 600;
    sut.play();
    await nextTick();
    for (let i = 0; i < 4; i++) {
      now += 250;
      vi.advanceTimersByTime(250);
    }
    await nextTick();
    // One second of play at ×600 moved the moment 10 minutes; the first frame is still out.
    expect(sut.at.value).toBe(NOW - 3_600_000 + 600_000);
    expect(sut.reads.value).toBe(1);
    await server.answerAll();
    await nextTick();
    expect(sut.reads.value).toBe(2);
    for (let i = 0; i < 40; i++) {
      now += 250;
      vi.advanceTimersByTime(250);
    }
    await nextTick();
    expect(sut.at.value).toBe(now);
    expect(sut.playing.value).toBe(false);
    sut.leave();
    expect(sut.at.value).toBeNull();
    expect(sut.frame.value).toBeNull();
    scope.stop();
  });
});
