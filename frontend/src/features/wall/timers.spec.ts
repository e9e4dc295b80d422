import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref, type EffectScope } from 'vue';
import { useAutoPage, usePagedList } from './useAutoPage';
import { useRotation } from './useRotation';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Runs `setup` in a fresh effect scope: what it returns, and the scope to stop. */
function scoped<T>(setup: () => T): { sut: T; scope: EffectScope } {
  const scope = effectScope();
  return { sut: scope.run(setup)!, scope };
}

describe('useRotation', () => {
  it('steps through the slots and wraps around', () => {
    const { sut, scope } = scoped(() => useRotation(3, 1000));

    vi.advanceTimersByTime(1000);
    expect(sut.index.value).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(sut.index.value).toBe(0);
    scope.stop();
  });

  it('leaves no timer behind when its scope ends, however many rotations ran', () => {
    const { scope } = scoped(() => useRotation(4, 500));
    vi.advanceTimersByTime(500 * 1000);

    scope.stop();

    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays put with rotation off', () => {
    const { sut, scope } = scoped(() => useRotation(4, 0));

    vi.advanceTimersByTime(60_000);

    expect(sut.index.value).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    scope.stop();
  });
});

describe('useAutoPage', () => {
  it('pages through a long list, remembers where it is and clears its timer', () => {
    const total = ref(25);
    const seen: number[] = [];
    const { sut, scope } = scoped(() => useAutoPage(total, 10, 1000, { start: 1, onPage: (p) => seen.push(p) }));

    expect(sut.pageCount.value).toBe(3);
    expect(sut.offset.value).toBe(10);
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([2, 0]);

    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes back to the first page when the list shrinks below the page on show', async () => {
    const total = ref(25);
    const { sut, scope } = scoped(() => useAutoPage(total, 10, 1000, { start: 2 }));

    total.value = 5;
    await nextTick();

    expect(sut.page.value).toBe(0);
    scope.stop();
  });
});

describe('usePagedList', () => {
  it('shows one page of the items at a time and moves on', () => {
    const { sut, scope } = scoped(() => usePagedList([1, 2, 3, 4, 5], 2, 1000));

    expect(sut.onShow.value).toEqual([1, 2]);
    vi.advanceTimersByTime(2000);
    expect(sut.onShow.value).toEqual([5]);
    scope.stop();
  });
});
