/**
 * Stable render keys for feed items: the event id, with an occurrence suffix should the same
 * event ever be listed twice, so keys stay unique without shifting when items are prepended.
 */
import type { FeedItem } from '@gridwall/shared';

/** One unique key per item, in the same order. */
export function feedKeys(items: readonly FeedItem[]): string[] {
  const seen = new Map<string, number>();
  const keys = new Array<string>(items.length);
  // Count from the oldest end so an item keeps its key when newer items arrive above it.
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const base = item.eventId;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    keys[i] = n === 0 ? base : `${base}#${n}`;
  }
  return keys;
}
