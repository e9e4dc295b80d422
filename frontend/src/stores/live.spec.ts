import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { FEED_LIMIT } from '@gridwall/shared';
import { feedItems, patch, snapshot, stats } from '../testing/fixtures';
import { useLiveStore, type LiveStore } from './live';

describe('useLiveStore', () => {
  let sut: LiveStore;

  beforeEach(() => {
    setActivePinia(createPinia());
    sut = useLiveStore();
  });

  describe('receivePatch', () => {
    it('drops a patch that comes before any snapshot', () => {
      expect(sut.receivePatch(patch(1, { stats: stats({ reported: 3 }) }))).toBeNull();
      expect(sut.stats).toBeNull();
    });

    it('keeps the feed bounded over a long run', () => {
      sut.receiveSnapshot(snapshot({ seq: 0, feed: [] }));

      for (let seq = 1; seq <= 500; seq++) sut.receivePatch(patch(seq, { feed: feedItems(seq, 1) }));

      expect(sut.seq).toBe(500);
      expect(sut.feed).toHaveLength(FEED_LIMIT);
    });
  });

  describe('reset', () => {
    it('forgets the room', () => {
      sut.receiveSnapshot(snapshot());

      sut.reset();

      expect(sut.seq).toBeNull();
      expect(sut.feed).toEqual([]);
      expect(sut.connection).toBe('connecting');
    });
  });
});
