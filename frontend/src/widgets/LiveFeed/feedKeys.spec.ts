import { describe, expect, it } from 'vitest';
import { feedItem } from '../../testing/fixtures';
import { feedKeys } from './feedKeys';

describe('feedKeys', () => {
  it('gives repeated items distinct keys', () => {
    const keys = feedKeys([feedItem(1), feedItem(1), feedItem(2)]);

    expect(new Set(keys).size).toBe(3);
  });

  it('keeps the keys of existing items when new ones are prepended', () => {
    const old = [feedItem(1), feedItem(2)];

    const before = feedKeys(old);
    const after = feedKeys([feedItem(1), ...old]);

    expect(after.slice(1)).toEqual(before);
  });
});
