import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useReplayRetry } from './useReplayRetry';

describe('useReplayRetry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again while the replay waits, and no more once it has its answer or is disposed', () => {
    vi.useFakeTimers();
    const client = { resyncAll: vi.fn() };
    const waiting = ref(true);
    const scope = effectScope();
    scope.run(() => useReplayRetry(client, { waiting, intervalMs: 1000 }));

    vi.advanceTimersByTime(2500);
    expect(client.resyncAll).toHaveBeenCalledTimes(2);
    waiting.value = false;
    vi.advanceTimersByTime(3000);
    expect(client.resyncAll).toHaveBeenCalledTimes(2);
    waiting.value = true;
    scope.stop();
    vi.advanceTimersByTime(3000);
    expect(client.resyncAll).toHaveBeenCalledTimes(2);
  });
});
