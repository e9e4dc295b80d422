import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { offsetOf, useClockStore } from './clock';

describe(offsetOf.name, () => {
  it('takes the largest sample and ignores offsets within two seconds', () => {
    expect(offsetOf([])).toBe(0);
    expect(offsetOf([-1500, 800])).toBe(0);
    expect(offsetOf([-601_000, -600_000, -600_900])).toBe(-600_000);
    expect(offsetOf([300_000, 299_500])).toBe(300_000);
  });
});

describe('the clock store on the server time', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('ignores server times until asked to follow them', () => {
    const clock = useClockStore();
    clock.observeServerTime(1_000_000 + 600_000, 1_000_000);
    expect(clock.offsetMs).toBe(0);
    expect(clock.correctedNow(5_000)).toBe(5_000);
  });

  it('corrects by the offset learnt, says when it drifts over a minute, and keeps a bounded history', () => {
    const clock = useClockStore();
    clock.followServer();
    clock.observeServerTime(1_000_000 - 30_000, 1_000_000);
    expect(clock.offsetMs).toBe(-30_000);
    expect(clock.drifting).toBe(false);
    for (let i = 0; i < 50; i++) clock.observeServerTime(2_000_000 + i + 600_000, 2_000_000 + i);
    expect(clock.offsetMs).toBe(600_000);
    expect(clock.drifting).toBe(true);
    expect(clock.correctedNow(10_000)).toBe(610_000);
    // The clock was set right: the old samples age out.
    for (let i = 0; i < 20; i++) clock.observeServerTime(3_000_000 + i, 3_000_000 + i);
    expect(clock.offsetMs).toBe(0);
    expect(clock.drifting).toBe(false);
  });
});
