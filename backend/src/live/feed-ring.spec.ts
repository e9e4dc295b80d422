import { describe, expect, it } from 'vitest';
import { FEED_LIMIT, type FeedItem } from '@gridwall/shared';
import { FEED_RING, FeedRing } from './feed-ring';

const item = (n: number): FeedItem => ({
  eventId: `e${n}`,
  caseId: `c${n}`,
  category: 'urban_management',
  areaName: '某社区',
  districtName: '中原区',
  title: `t${n}`,
  status: 'open',
  eventType: 'accepted',
  at: '2026-11-25T15:00:00+08:00',
});

describe(FeedRing.name, () => {
  describe('since', () => {
    it('gives a scope its own items newest first, only those after a sequence number', () => {
      const sut = new FeedRing();
      sut.push(['410100', '410102'], item(1));
      sut.push(['410100', '410103'], item(2));
      sut.push(['410100', '410102'], item(3));
      expect(sut.since('410102').map((i) => i.eventId)).toEqual(['e3', 'e1']);
      expect(sut.since('410100', 1).map((i) => i.eventId)).toEqual(['e3', 'e2']);
      expect(sut.since('410105')).toEqual([]);
    });

    it('never returns more than a snapshot holds', () => {
      const sut = new FeedRing();
      for (let i = 0; i < FEED_LIMIT * 3; i++) sut.push(['410100'], item(i));
      expect(sut.since('410100')).toHaveLength(FEED_LIMIT);
    });
  });

  describe('push', () => {
    it('stays bounded however many events come', () => {
      const sut = new FeedRing();
      for (let i = 0; i < FEED_RING * 10; i++) sut.push(['410100'], item(i));
      expect(sut.size).toBeLessThanOrEqual(FEED_RING * 1.25);
      expect(sut.seq).toBe(FEED_RING * 10);
      expect(sut.since('410100')[0].eventId).toBe(`e${FEED_RING * 10 - 1}`);
    });
  });
});
