/**
 * Read-only accessors of one room's parts, for pages and scenes.
 */
import { computed, type ComputedRef, type Ref } from 'vue';
import type {
  CategoryStats,
  FeedItem,
  LiveError,
  OverdueView,
  RankingView,
  Snapshot,
  StatsView,
  TrendView,
} from '@gridwall/shared';
import type { ConnectionState, LiveStore } from './liveStore';

/** The parts of one room, unwrapped (as returned in a `reactive`). */
export interface RoomView {
  stats: StatsView | null;
  categories: CategoryStats[];
  trend: TrendView | null;
  rankings: RankingView | null;
  overdue: OverdueView | null;
  feed: FeedItem[];
  connection: ConnectionState;
  lastError: LiveError | null;
  lastUpdate: number | null;
}

/** Computed parts of `room`; empty values until its first snapshot. */
export function roomView(
  room: Ref<Snapshot | null>,
  store: LiveStore,
): { [K in keyof RoomView]: ComputedRef<RoomView[K]> } {
  return {
    stats: computed(() => room.value?.stats ?? null),
    categories: computed(() => room.value?.categories ?? []),
    trend: computed(() => room.value?.trend ?? null),
    rankings: computed(() => room.value?.rankings ?? null),
    overdue: computed(() => room.value?.overdue ?? null),
    feed: computed(() => room.value?.feed ?? []),
    connection: computed(() => store.connection),
    lastError: computed(() => store.lastError),
    lastUpdate: computed(() => store.lastUpdate),
  };
}
