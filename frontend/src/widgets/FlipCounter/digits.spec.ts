import { describe, expect, it } from 'vitest';
import { counterCells, digitSize } from './digits';

describe('counterCells', () => {
  it('splits a number into digits with thousands separators', () => {
    expect(
      counterCells(12345)
        .map((c) => c.text)
        .join(''),
    ).toBe('12,345');
    expect(counterCells(null).map((c) => c.text)).toEqual(['—']);
  });

  it('keeps the key of a digit that did not change, so only changed digits flip', () => {
    const before = counterCells(12345).map((c) => c.key);
    const after = counterCells(12346).map((c) => c.key);

    expect(after.filter((k) => !before.includes(k))).toEqual(['d0-6']);
  });
});

describe('digitSize', () => {
  it('shrinks as the number grows so it fits its card', () => {
    expect(digitSize(counterCells(999))).toBeGreaterThan(digitSize(counterCells(1_234_567)));
  });
});
