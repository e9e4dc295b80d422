import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useApiResource } from './useApiResource';

/** A fetch that answers each path with `{ path }` after `delays[path]` ms (0 when not listed). */
function fakeFetch(delays: Record<string, number> = {}, status = 200) {
  const calls: string[] = [];
  const fetcher = (async (path: string) => {
    calls.push(path);
    await new Promise((r) => setTimeout(r, delays[path] ?? 0));
    return new Response(JSON.stringify({ path }), { status });
  }) as typeof fetch;
  return { fetcher, calls };
}

describe('useApiResource', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the answer of the current path only, however late an older one comes', async () => {
    const { fetcher } = fakeFetch({ '/a': 500, '/b': 10 });
    const path = ref('/a');
    const scope = effectScope();
    const sut = scope.run(() => useApiResource<{ path: string }>(path, 't', { fetcher }))!;

    path.value = '/b';
    await nextTick();
    await vi.advanceTimersByTimeAsync(1000);

    expect(sut.data.value).toEqual({ path: '/b' });
    scope.stop();
  });

  it('reads again on its timer and stops with its scope', async () => {
    const { fetcher, calls } = fakeFetch();
    const scope = effectScope();
    scope.run(() => useApiResource('/meeting', 't', { fetcher, refreshMs: 60_000 }));

    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(3);
    scope.stop();
    await vi.advanceTimersByTimeAsync(180_000);

    expect(calls).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says why a read failed', async () => {
    const { fetcher } = fakeFetch({}, 403);
    const scope = effectScope();
    const sut = scope.run(() => useApiResource('/x', 't', { fetcher }))!;

    await vi.advanceTimersByTimeAsync(10);

    expect(sut.error.value).toBe('无权查看');
    scope.stop();
  });
});
