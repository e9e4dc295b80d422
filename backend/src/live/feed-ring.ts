import { FEED_LIMIT, type FeedItem } from '@gridwall/shared';

/** Most feed items kept in memory, all scopes together. */
export const FEED_RING = 2000;

interface FeedEntry {
  seq: number;
  /** Aggregation keys (area codes) the item shows under. */
  keys: readonly string[];
  item: FeedItem;
}

/**
 * The public feed of the last events, all scopes in one bounded ring: each item is shown under
 * the area node it happened at and every ancestor. Pure, no I/O.
 */
export class FeedRing {
  private entries: FeedEntry[] = [];
  private seqValue = 0;

  /** Sequence number of the newest item (0 when none yet). */
  get seq(): number {
    return this.seqValue;
  }

  /** Number of items held (at most 1.25 × {@link FEED_RING}). */
  get size(): number {
    return this.entries.length;
  }

  push(keys: readonly string[], item: FeedItem): void {
    this.entries.push({ seq: ++this.seqValue, keys, item });
    if (this.entries.length > FEED_RING * 1.25) this.entries = this.entries.slice(-FEED_RING);
  }

  /** Items of a scope newer than `afterSeq`, newest first, at most {@link FEED_LIMIT}. */
  since(scope: string, afterSeq = 0): FeedItem[] {
    const out: FeedItem[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < FEED_LIMIT; i--) {
      const f = this.entries[i];
      if (f.seq <= afterSeq) break;
      if (f.keys.includes(scope)) out.push(f.item);
    }
    return out;
  }
}
