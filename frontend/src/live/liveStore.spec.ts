import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { FEED_LIMIT } from '@gridwall/shared';
import { feedItems, patch, snapshot, stats } from '../testing/fixtures';
import { useLiveStore, type LiveStore } from './liveStore';

const room = { scope: '410100', period: 'day' as const };
const week = { scope: '410100', period: 'week' as const };

describe('useLiveStore', () => {
  let sut: LiveStore;

  beforeEach(() => {
    setActivePinia(createPinia());
    sut = useLiveStore();
  });

  describe('receiveSnapshot', () => {
    it('fills a tracked room and ignores rooms nobody follows', () => {
      sut.trackRoom(room, 1);

      sut.receiveSnapshot(room, snapshot({ stats: stats({ reported: 7 }) }), 5);
      sut.receiveSnapshot({ scope: '410102', period: 'day' }, snapshot({ scope: '410102' }), 5);

      expect(sut.room(room)?.data?.stats.reported).toBe(7);
      expect(sut.room(room)?.lastUpdate).toBe(5);
      expect(sut.rooms.size).toBe(1);
    });
  });

  describe('receivePatch', () => {
    it('drops a patch that comes before any snapshot', () => {
      sut.trackRoom(room, 1);

      expect(sut.receivePatch(room, patch(1, { stats: stats({ reported: 3 }) }))).toBeNull();
      expect(sut.room(room)?.data).toBeNull();
    });

    it('keeps the feed bounded over a long run', () => {
      sut.trackRoom(room, 1);
      sut.receiveSnapshot(room, snapshot({ seq: 0, feed: [] }));

      for (let seq = 1; seq <= 500; seq++) sut.receivePatch(room, patch(seq, { feed: feedItems(seq, 1) }));

      expect(sut.room(room)?.data?.seq).toBe(500);
      expect(sut.room(room)?.data?.feed).toHaveLength(FEED_LIMIT);
    });

    it('counts a patch with a gap as a message but not as an update', () => {
      sut.trackRoom(room, 1);
      sut.receiveSnapshot(room, snapshot({ seq: 10 }), 100);

      expect(sut.receivePatch(room, patch(12), 200)?.resync).toBe(true);

      expect(sut.room(room)).toMatchObject({ lastUpdate: 100, lastMessage: 200 });
    });
  });

  describe('lastUpdate', () => {
    it('is the newest update of any room', () => {
      sut.trackRoom(room, 1);
      sut.trackRoom(week, 1);
      sut.receiveSnapshot(room, snapshot(), 100);
      sut.receiveSnapshot(week, snapshot({ period: 'week' }), 300);

      expect(sut.lastUpdate).toBe(300);
    });
  });

  describe('untrackRoom', () => {
    it('forgets the room so an unfollowed room holds no memory', () => {
      sut.trackRoom(room, 1);
      sut.receiveSnapshot(room, snapshot());

      sut.untrackRoom(room);

      expect(sut.room(room)).toBeUndefined();
      expect(sut.lastUpdate).toBeNull();
    });
  });

  describe('reset', () => {
    it('forgets every room', () => {
      sut.trackRoom(room, 1);
      sut.receiveSnapshot(room, snapshot());
      sut.setConnection('connected');

      sut.reset();

      expect(sut.rooms.size).toBe(0);
      expect(sut.connection).toBe('connecting');
    });
  });
});
