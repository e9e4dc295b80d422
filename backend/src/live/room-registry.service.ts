import { Injectable } from '@nestjs/common';
import {
  parseRoomId,
  roomIdOf,
  toCityIso,
  type FeedItem,
  type Period,
  type RankingTier,
  type RoomId,
  type Snapshot,
} from '@gridwall/shared';
import { AlertsService } from '../alerts/alerts.service';
import { AreasService } from '../areas/areas.service';
import { ClusterService } from '../cluster/cluster.service';
import { HotspotsService } from '../hotspots/hotspots.service';
import { LiveBroadcaster } from './live-broadcaster.service';
import { LiveEngine } from './live-engine.service';
import { LiveQueries, type FigureSource } from './live-queries.service';
import type { RoomParts } from './room-diff';

/**
 * Timings, ms: how long a room's computed parts are served to new subscribers while nothing
 * changed, and how often the cluster leader learns the rooms of every instance.
 */
const PARTS_CACHE_MS = 1000,
  DISCOVERY_MS = 1000;

/** What identifies a room: (scope, period, resolved tier) and its id. */
export interface RoomKey {
  id: RoomId;
  scope: string;
  period: Period;
  tier: RankingTier | null;
}

/** A room with subscribers: one (scope, period, tier). */
export interface Room extends RoomKey {
  seq: number;
  /** The parts as last sent to the room. */
  last: Partial<RoomParts>;
  /** Feed sequence number last sent to the room. */
  feedSeq: number;
  /** Monotonic time (performance.now, ms) of the last message to the room. */
  lastSentAt: number;
  /** Figures may have changed since the last patch (kept while the room waits its turn). */
  dirty: boolean;
  /** When a large ranking was last sent (performance.now). */
  bigSentAt: number;
  /** The parts last computed, served to new subscribers while nothing changed. */
  cache?: { parts: RoomParts; version: number; at: number };
}

/**
 * The rooms that have subscribers: created by a snapshot, forgotten when their last subscriber
 * leaves this instance (the cluster leader keeps every room with a subscriber anywhere), and the
 * parts each shows, computed once per room however many subscribe.
 */
@Injectable()
export class RoomRegistry {
  private readonly rooms = new Map<RoomId, Room>();
  private lastDiscovery = 0;

  constructor(
    private readonly engine: LiveEngine,
    private readonly queries: LiveQueries,
    private readonly areas: AreasService,
    private readonly cluster: ClusterService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly hotspots: HotspotsService,
    private readonly alerts: AlertsService,
  ) {}

  /** Number of rooms held. */
  get size(): number {
    return this.rooms.size;
  }

  /** Every room held. */
  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /**
   * The room of a subscription: its tier resolved (the scope's child tier when none is asked
   * for; 400 for an unknown scope or a tier that does not fit it) and its id.
   */
  resolve(scope: string, period: Period, tier?: RankingTier): RoomKey {
    const resolved = this.queries.resolveTier(scope, tier);
    return { id: roomIdOf(scope, period, resolved), scope, period, tier: resolved };
  }

  /** The full snapshot of a resolved room, registering the room if new. */
  async snapshot({ scope, period, tier }: RoomKey): Promise<Snapshot> {
    const room = this.ensure(scope, period, tier);
    const parts = this.parts(room);
    let seq = room.seq;
    if (this.cluster.role === 'leader' || this.cluster.role === 'follower') {
      // Patches of the cluster carry the shared sequence kept in Redis.
      seq = await this.cluster.currentSeq(room.id).catch(() => room.seq);
    }
    return { room: room.id, seq, scope, period, tier, ...parts, feed: this.engine.feed.since(scope) };
  }

  /**
   * A replay's snapshot: the room's parts read from a past moment's state (never a live room, no
   * sequence: one snapshot per requested moment).
   */
  replaySnapshot({ id, scope, period, tier }: RoomKey, src: FigureSource, feed: FeedItem[]): Snapshot {
    return {
      room: id,
      seq: 0,
      scope,
      period,
      tier,
      stats: this.queries.stats(scope, period, src),
      categories: this.queries.categories(scope, period, src),
      trend: this.queries.trend(scope, period, src),
      overdue: this.queries.overdue(scope, undefined, undefined, src),
      rankings: tier ? this.queries.rankings(tier, scope, period, undefined, src) : null,
      feed,
      replayAt: toCityIso(src.now),
    };
  }

  /** Computes a room's parts now (and caches them for new subscribers). */
  compute(room: Room): RoomParts {
    const { scope, period, tier } = room;
    const parts: RoomParts = {
      stats: this.queries.stats(scope, period),
      categories: this.queries.categories(scope, period),
      trend: this.queries.trend(scope, period),
      overdue: this.queries.overdue(scope),
      rankings: tier ? this.queries.rankings(tier, scope, period) : null,
      // Absent (not empty) while detection is off or its baseline is still being built.
      hotspots: this.hotspots.settings.enabled && this.hotspots.ready ? this.hotspots.current(scope) : undefined,
      alerts: this.alerts.current(scope),
    };
    room.cache = { parts, version: this.engine.version, at: performance.now() };
    return parts;
  }

  /** Marks the rooms whose scope changed as needing a look. */
  markDirty(dirty: Set<string> | 'all'): void {
    for (const room of this.rooms.values()) if (dirty === 'all' || dirty.has(room.scope)) room.dirty = true;
  }

  /** Forgets the rooms with no subscriber left on this instance (not on the leader: see discover). */
  prune(): void {
    if (this.cluster.role === 'leader') return;
    for (const id of this.rooms.keys()) if (!this.broadcaster.hasLocalMembers(id)) this.rooms.delete(id);
  }

  /** The leader learns every room with a subscriber on any instance, about once a second. */
  async discover(): Promise<void> {
    if (performance.now() - this.lastDiscovery < DISCOVERY_MS) return;
    this.lastDiscovery = performance.now();
    const all = await this.broadcaster.clusterRooms();
    for (const id of all) {
      const parsed = parseRoomId(id);
      if (!parsed || !this.areas.tree.has(parsed.scope) || this.rooms.has(id)) continue;
      this.ensure(parsed.scope, parsed.period, parsed.tier, true);
    }
    for (const id of this.rooms.keys()) if (!all.has(id)) this.rooms.delete(id);
  }

  /** A room's parts: the cached ones while nothing changed and they are under a second old. */
  private parts(room: Room): RoomParts {
    const c = room.cache;
    if (c && c.version === this.engine.version && performance.now() - c.at < PARTS_CACHE_MS) return c.parts;
    return this.compute(room);
  }

  /**
   * The room of a subscription, created on first use. A room created for a local snapshot diffs
   * its next patch against that snapshot; one the leader discovered on another instance sends
   * every part in its first patch.
   */
  private ensure(scope: string, period: Period, tier: RankingTier | null, discovered = false): Room {
    const id = roomIdOf(scope, period, tier);
    let room = this.rooms.get(id);
    if (!room) {
      room = {
        id,
        scope,
        period,
        tier,
        seq: 0,
        last: {},
        feedSeq: this.engine.feed.seq,
        lastSentAt: performance.now(),
        dirty: discovered,
        bigSentAt: 0,
      };
      // Later patches diff against what this snapshot shows.
      if (!discovered) room.last = this.compute(room);
      this.rooms.set(id, room);
    }
    return room;
  }
}
