import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Patch } from '@gridwall/shared';
import { ALERTS_CHANGED } from '../alerts/alerts.service';
import { ClusterService } from '../cluster/cluster.service';
import { HOTSPOTS_CHANGED, type HotspotsChanged } from '../hotspots/hotspots.events';
import { MetricsService } from '../metrics/metrics.service';
import { LiveBroadcaster } from './live-broadcaster.service';
import { LIVE_APPLIED, LiveEngine, type LiveApplied } from './live-engine.service';
import { diffRoom, type PartName, type RoomParts } from './room-diff';
import { RoomRegistry, type Room } from './room-registry.service';

/** Minimum gap between two patches to one room: at most 4 per second (api.md §3). */
export const MIN_PATCH_GAP_MS = 250;
/** How often changes are looked for; much shorter than the gap so a change waits little. */
export const FLUSH_TICK_MS = 50;
/** Rankings longer than this are patched at most every {@link BIG_RANKING_GAP_MS}. */
export const BIG_RANKING_ROWS = 200;
export const BIG_RANKING_GAP_MS = 5000;
/** A room with no change still gets a patch this often, so screens can tell "quiet" from "stale". */
export const HEARTBEAT_MS = 10_000;

const HOLD_RANKINGS: ReadonlySet<PartName> = new Set(['rankings']);
const HOLD_NOTHING: ReadonlySet<PartName> = new Set();

/**
 * Turns changes into room patches: every {@link FLUSH_TICK_MS} it runs the engine's clock, marks
 * the rooms whose scope changed, and sends each due room the parts that differ from what it was
 * last sent (at most once per {@link MIN_PATCH_GAP_MS}), or a heartbeat after
 * {@link HEARTBEAT_MS} of quiet. In a cluster only the leader sends, with the shared seq.
 */
@Injectable()
export class LivePublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LivePublisher.name);
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  /** Earliest commit (performance.now) not yet carried by a patch, per aggregation key. */
  private readonly pendingSince = new Map<string, number>();

  constructor(
    private readonly engine: LiveEngine,
    private readonly rooms: RoomRegistry,
    private readonly cluster: ClusterService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Records when the keys of a commit changed, for the event-to-patch latency. */
  @OnEvent(LIVE_APPLIED)
  noteApplied({ keys, at }: LiveApplied): void {
    for (const key of keys) if (!this.pendingSince.has(key)) this.pendingSince.set(key, at);
  }

  /** The rooms of every scope whose hotspot list changed look again at their next turn. */
  @OnEvent(HOTSPOTS_CHANGED)
  noteHotspots({ scopes }: HotspotsChanged): void {
    this.rooms.markDirty(new Set(scopes));
  }

  /** An acknowledgement (here or on another instance): every room looks again at its turn. */
  @OnEvent(ALERTS_CHANGED)
  noteAlerts(): void {
    this.rooms.markDirty('all');
  }

  /** One round: clock, dirty rooms, patches. Never throws (a failure is logged). */
  async flush(): Promise<void> {
    if (!this.engine.ready || this.flushing) return;
    this.flushing = true;
    try {
      await this.flushRooms();
    } catch (err) {
      this.logger.warn(`flush failed: ${(err as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }

  private async flushRooms(): Promise<void> {
    this.rooms.markDirty(this.engine.tick());
    const role = this.cluster.role;
    this.metrics.leader.set(this.cluster.runsSingletons ? 1 : 0);
    // A follower sends nothing: the leader patches every instance's clients.
    if (role === 'follower') {
      this.pendingSince.clear();
      return;
    }
    if (role === 'leader') await this.rooms.discover().catch(() => undefined);
    const tick = performance.now();
    for (const room of this.rooms.all()) {
      // Never more than 4 patches in any second, whatever the timer's jitter.
      if (tick - room.lastSentAt < MIN_PATCH_GAP_MS) continue;
      const patch = this.patchFor(room, tick);
      if (patch) await this.send(room, patch, tick);
    }
    // Keys no room shows need no latency record.
    const shown = new Set([...this.rooms.all()].map((r) => r.scope));
    for (const key of this.pendingSince.keys()) if (!shown.has(key)) this.pendingSince.delete(key);
  }

  /** The patch a due room gets now, or null (seq still 0). */
  private patchFor(room: Room, tick: number): Patch | null {
    const feedSeq = this.engine.feed.seq;
    const feed = this.engine.feed.since(room.scope, room.feedSeq);
    // No item of the scope up to `feedSeq`: the next look starts there, not from the last item
    // sent (a quiet scope's room would otherwise scan back over the whole ring at every turn).
    if (feed.length === 0) room.feedSeq = feedSeq;
    const touched = room.dirty;
    const heartbeat = tick - room.lastSentAt >= HEARTBEAT_MS;
    if (!touched && feed.length === 0 && !heartbeat) return null;
    room.dirty = false;
    const patch: Patch = { room: room.id, seq: 0, scope: room.scope, period: room.period, tier: room.tier };
    let changed = false;
    if (touched || heartbeat) {
      const parts = this.rooms.compute(room);
      // A large ranking (the 3,306 villages: ~1 MB) is re-sent at most every 5 s.
      const big = (parts.rankings?.rows.length ?? 0) > BIG_RANKING_ROWS;
      const hold = big && tick - room.bigSentAt < BIG_RANKING_GAP_MS ? HOLD_RANKINGS : HOLD_NOTHING;
      const diff = diffRoom(room.last, parts, hold);
      room.last = diff.last;
      if (diff.held.length > 0) room.dirty = true;
      if (diff.patch) {
        Object.assign(patch, diff.patch);
        changed = true;
        if (big && diff.patch.rankings !== undefined) room.bigSentAt = tick;
      } else if (heartbeat) {
        patch.stats = parts.stats;
        changed = true;
      }
      if (touched) this.observeLatency(room, diff.patch);
    }
    if (feed.length > 0) {
      patch.feed = feed;
      room.feedSeq = feedSeq;
      changed = true;
    }
    return changed ? patch : null;
  }

  private observeLatency(room: Room, sent: Partial<RoomParts> | null): void {
    const since = this.pendingSince.get(room.scope);
    if (since === undefined || !sent) return;
    this.metrics.eventToPatch.observe((performance.now() - since) / 1000);
    this.pendingSince.delete(room.scope);
  }

  private async send(room: Room, patch: Patch, tick: number): Promise<void> {
    let localOnly = this.cluster.role === 'isolated';
    if (this.cluster.role === 'leader') {
      try {
        patch.seq = await this.cluster.nextSeq(room.id);
      } catch {
        localOnly = true;
      }
    }
    if (patch.seq === 0) patch.seq = room.seq + 1;
    room.seq = patch.seq;
    room.lastSentAt = tick;
    this.metrics.patches.inc();
    this.broadcaster.send('patch', room.id, patch, { localOnly, volatile: true });
  }
}
