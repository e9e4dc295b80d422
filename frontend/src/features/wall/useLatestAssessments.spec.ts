import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { assessmentHeader, issuedRanking, issuedStats } from '../../testing/fixtures';
import { useLatestAssessments } from './useLatestAssessments';

/** A fetch serving one issued week (or none), counting calls; `fail` makes every call fail. */
function server() {
  const state = { issued: true, version: 1, fail: false, calls: 0 };
  const fetcher = (async (path: string) => {
    state.calls += 1;
    if (state.fail) throw new TypeError('offline');
    const body = path.startsWith('/api/assessments?')
      ? { items: state.issued ? [assessmentHeader({ version: state.version })] : [] }
      : path.includes('/stats')
        ? issuedStats()
        : issuedRanking();
    return new Response(JSON.stringify(body));
  }) as typeof fetch;
  return { state, fetcher };
}

describe('useLatestAssessments', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads each kind at start, says when none is issued, and refreshes on its timer', async () => {
    const { state, fetcher } = server();
    state.issued = false;
    const scope = effectScope();
    const sut = scope.run(() =>
      useLatestAssessments(['week', 'week'], { scope: '410100', token: 't', refreshMs: 60_000, fetcher }),
    )!;
    await vi.advanceTimersByTimeAsync(10);
    expect(sut.value.week?.data).toEqual({ kind: 'week', status: 'none' });

    state.issued = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sut.value.week?.data?.status).toBe('ready');
    scope.stop();
  });

  it('keeps the last figures when a refresh fails, and says why', async () => {
    const { state, fetcher } = server();
    const scope = effectScope();
    const sut = scope.run(() =>
      useLatestAssessments(['week'], { scope: '410100', token: 't', refreshMs: 60_000, fetcher }),
    )!;
    await vi.advanceTimersByTimeAsync(10);
    const shown = sut.value.week?.data;
    state.fail = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sut.value.week?.data).toBe(shown);
    expect(sut.value.week?.error).toBe('无法连接服务器');
    scope.stop();
  });

  it('holds one assessment per kind however long it runs, and stops reading once disposed', async () => {
    const { state, fetcher } = server();
    const scope = effectScope();
    const sut = scope.run(() =>
      useLatestAssessments(['week', 'month'], { scope: '410100', token: 't', refreshMs: 1000, fetcher }),
    )!;
    for (let i = 0; i < 50; i++) {
      state.version = 1 + (i % 3);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(Object.keys(sut.value).sort()).toEqual(['month', 'week']);
    scope.stop();
    const calls = state.calls;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.calls).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads nothing and sets no timer without an assessment scene', () => {
    const { state, fetcher } = server();
    const scope = effectScope();
    scope.run(() => useLatestAssessments([], { scope: '410100', token: 't', fetcher }));
    expect(state.calls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    scope.stop();
  });
});
