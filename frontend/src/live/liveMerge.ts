/**
 * Pure merge rules of the live protocol (api.md §3): how a room's `snapshot` and `patch`
 * messages become the state a wall screen shows. No Vue, no socket: unit-tested on its own.
 */
import { ALERT_LIST_LIMIT, FEED_LIMIT, OVERDUE_LIMIT } from '@gridwall/shared';
import type { AlertList, FeedItem, HotspotView, OverdueView, Patch, Snapshot } from '@gridwall/shared';

/** What {@link applyPatch} decided. */
export type PatchOutcome =
  /** The patch was next in sequence; `state` is a new object with its parts merged. */
  | { state: Snapshot; resync?: never }
  /** The patch's seq is not state.seq + 1: state is unchanged and a fresh snapshot is needed. */
  | { resync: true; state?: never };

/** Keeps the newest `limit` feed items; returns the input itself when already within bounds. */
function capFeed(feed: FeedItem[], limit: number): FeedItem[] {
  return feed.length > limit ? feed.slice(0, limit) : feed;
}

function capOverdue(overdue: OverdueView): OverdueView {
  return overdue.items.length > OVERDUE_LIMIT ? { ...overdue, items: overdue.items.slice(0, OVERDUE_LIMIT) } : overdue;
}

/** Most hotspots held per room: more would not fit any screen, and a screen must not grow. */
export const HOTSPOT_LIMIT = 100;

function capHotspots(hotspots: HotspotView[]): HotspotView[] {
  return hotspots.length > HOTSPOT_LIMIT ? hotspots.slice(0, HOTSPOT_LIMIT) : hotspots;
}

function capAlerts(alerts: AlertList): AlertList {
  return alerts.items.length > ALERT_LIST_LIMIT
    ? { ...alerts, items: alerts.items.slice(0, ALERT_LIST_LIMIT) }
    : alerts;
}

/**
 * The state a snapshot establishes: the snapshot itself, replacing whatever was held, with its
 * lists held to their limits so a misbehaving server cannot make a long-running screen grow.
 */
export function applySnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    feed: capFeed(snapshot.feed, FEED_LIMIT),
    overdue: capOverdue(snapshot.overdue),
    // Absent stays absent (a replay, detection off): "unknown" must not turn into "none".
    ...(snapshot.hotspots !== undefined ? { hotspots: capHotspots(snapshot.hotspots) } : {}),
    ...(snapshot.alerts !== undefined ? { alerts: capAlerts(snapshot.alerts) } : {}),
  };
}

/**
 * Merges an in-order patch into `state`: parts present in the patch replace those of the state,
 * new feed items are prepended and the feed is kept at {@link FEED_LIMIT}. A patch whose seq is
 * not `state.seq + 1` (a gap, a duplicate or a reset server) leaves the state as it is and asks
 * for a resync. `state` is never mutated; parts the patch does not touch keep their identity, so
 * views of unchanged parts do not redraw.
 */
export function applyPatch(state: Snapshot, patch: Patch): PatchOutcome {
  if (patch.seq !== state.seq + 1) return { resync: true };
  const next: Snapshot = { ...state, seq: patch.seq };
  if (patch.stats !== undefined) next.stats = patch.stats;
  if (patch.categories !== undefined) next.categories = patch.categories;
  if (patch.trend !== undefined) next.trend = patch.trend;
  // null is a value here: the scope has no child tier to rank.
  if (patch.rankings !== undefined) next.rankings = patch.rankings;
  if (patch.overdue !== undefined) next.overdue = capOverdue(patch.overdue);
  // The whole current list: an empty list means "no hotspot now", which differs from absent
  // (detection off, or not known yet) and is kept as such.
  if (patch.hotspots !== undefined) next.hotspots = capHotspots(patch.hotspots);
  if (patch.alerts !== undefined) next.alerts = capAlerts(patch.alerts);
  if (patch.feed !== undefined && patch.feed.length > 0) {
    next.feed = capFeed([...patch.feed, ...state.feed], FEED_LIMIT);
  }
  return { state: next };
}
