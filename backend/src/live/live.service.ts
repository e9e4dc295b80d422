import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  AREA_LEVELS,
  FEED_LIMIT,
  PERIODS,
  periodEnd,
  periodStart,
  HOUR_MS,
  OVERDUE_LIMIT,
  toCityIso,
  type AreaLevel,
  type CategoryStats,
  type FeedItem,
  type OverdueItem,
  type OverdueView,
  type Patch,
  type Period,
  type RankHistoryPoint,
  type RankHistoryView,
  type RankingTier,
  type RankingView,
  type ServerToClientEvents,
  type Snapshot,
  type StatsView,
  type TrendView,
} from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import type { CaseState, NormalizedEvent } from '../cases/case-model';
import { CaseStoreService } from '../cases/case-store.service';
import { Clock } from '../common/clock';
import { DOMAIN_CONFIG } from '../config/app-config.module';
import type { DomainConfig } from '../config/domain-config';
import { DepartmentsService } from '../departments/departments.service';
import { ClusterService } from '../cluster/cluster.service';
import { MetricsService } from '../metrics/metrics.service';
import { DEPT_PREFIX, LiveState } from './live-state';
import { LogFollowerService } from './log-follower.service';
import { NP, periodVector, phaseAt } from './contribution';
import { rankUnits } from './ranking';
import { categoryViews, metricSet, statsView } from './views';

/** What the service needs of the socket server. Implemented by the gateway. */
export interface LiveTransport {
  /**
   * Sends one typed server event to a room: to its clients on every instance, or with
   * `localOnly` to this instance's clients alone (while Redis is unreachable).
   */
  broadcast<E extends keyof ServerToClientEvents>(
    event: E,
    room: string,
    payload: Parameters<ServerToClientEvents[E]>[0],
    localOnly: boolean,
  ): void;
  /** Rooms with a subscriber on this instance. */
  hasLocalMembers(room: string): boolean;
  /** Rooms with a subscriber on any instance (through the Redis adapter). */
  clusterRooms(): Promise<Set<string>>;
}

/** The parts of a snapshot that patches carry when they change. */
type PartName = 'stats' | 'categories' | 'trend' | 'overdue' | 'rankings';

/** The ranking tier a room of a scope level shows: the scope's children (none below villages). */
const CHILD_TIER: Record<string, RankingTier | null> = {
  city: 'district',
  district: 'township',
  township: 'village',
  village: null,
  cell: null,
};

interface Room {
  scope: string;
  period: Period;
  tier: RankingTier | null;
  seq: number;
  /** JSON of each part as last sent (stats without asOf). */
  last: Map<PartName, string>;
  /** Feed sequence number last sent to the room. */
  feedSeq: number;
  /** Monotonic time (performance.now, ms) of the last message to the room. */
  lastSentAt: number;
  /** Figures may have changed since the last patch (kept while the room waits its turn). */
  dirty: boolean;
  /** When a large ranking was last sent (performance.now). */
  bigSentAt: number;
  /** The parts last computed, served to new subscribers while nothing changed (≤ 1 s old). */
  cache?: { parts: Pick<Snapshot, PartName>; version: number; at: number };
}

interface FeedEntry {
  seq: number;
  keys: string[];
  item: FeedItem;
}

/** Most feed items kept in memory, all scopes together. */
const FEED_RING = 2000;
/** Events older than this do not make the public feed (backfills, very late arrivals). */
const FEED_MAX_AGE_MS = 24 * HOUR_MS;
/** Minimum gap between two patches to one room: at most 4 per second (api.md §3). */
export const MIN_PATCH_GAP_MS = 250;
/** How often changes are looked for; much shorter than the gap so a change waits little. */
export const FLUSH_TICK_MS = 50;
/** Rankings longer than this are patched at most every {@link BIG_RANKING_GAP_MS}. */
export const BIG_RANKING_ROWS = 200;
export const BIG_RANKING_GAP_MS = 5000;
/** A room with no change still gets a patch this often, so screens can tell "quiet" from "stale". */
export const HEARTBEAT_MS = 10_000;

/** Room id of a (scope, period, tier) subscription. */
export function roomId(scope: string, period: Period, tier: RankingTier | null): string {
  return `${scope}|${period}|${tier ?? '-'}`;
}

/**
 * The live engine service: rebuilds {@link LiveState} from the database at boot, applies
 * committed case states, runs the clock, and turns changes into coalesced room patches.
 */
@Injectable()
export class LiveService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveService.name);
  private stateValue: LiveState | undefined;
  private readonly rooms = new Map<string, Room>();
  private feed: FeedEntry[] = [];
  private feedSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private transport: LiveTransport | undefined;
  private flushing = false;
  private lastDiscovery = 0;
  /** Earliest commit (performance.now) not yet carried by a patch, per aggregation key. */
  private readonly pendingSince = new Map<string, number>();
  /** Duration of the last rebuild, ms. */
  rebuildMs = 0;

  constructor(
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly store: CaseStoreService,
    private readonly clock: Clock,
    @Inject(DOMAIN_CONFIG) private readonly config: DomainConfig,
    private readonly cluster: ClusterService,
    private readonly follower: LogFollowerService,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Read the log position first: anything committed during the rebuild is applied again after.
    const fromSeq = this.cluster.enabled ? await this.follower.currentMaxSeq() : 0;
    await this.rebuild();
    if (this.cluster.enabled) this.follower.start(fromSeq, (states, events) => this.applyCommitted(states, events));
    this.timer = setInterval(() => void this.flush(), FLUSH_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The engine state. */
  get state(): LiveState {
    if (!this.stateValue) throw new Error('live state not built yet');
    return this.stateValue;
  }

  /** Rebuilds the live state from the stored case states. */
  async rebuild(): Promise<void> {
    const started = Date.now();
    const now = this.clock.now();
    const state = new LiveState(this.areas.tree, this.config.nearDueFraction, now);
    const total = await this.store.forEachState((page) => {
      for (const s of page) state.upsert(s, now);
    });
    state.takeDirty();
    this.stateValue = state;
    this.rebuildMs = Date.now() - started;
    this.metrics.rebuildSeconds.set(this.rebuildMs / 1000);
    this.metrics.liveCases.set(state.caseCount);
    this.logger.log(`live state rebuilt from ${total} cases (${state.caseCount} held) in ${this.rebuildMs} ms`);
  }

  /** Called by the gateway once the socket server exists. */
  setTransport(transport: LiveTransport): void {
    this.transport = transport;
  }

  private readonly caseListeners: ((caseIds: string[]) => void)[] = [];

  /** Calls `listener` with the ids of the cases that changed, after each applied commit. */
  onCasesChanged(listener: (caseIds: string[]) => void): void {
    this.caseListeners.push(listener);
  }

  /** Applies case states that were just committed, with the events that changed them. */
  applyCommitted(states: readonly CaseState[], events: readonly NormalizedEvent[]): void {
    try {
      this.applyStates(states, events);
    } finally {
      const ids = states.map((s) => s.caseId);
      for (const l of this.caseListeners) l(ids);
    }
  }

  private applyStates(states: readonly CaseState[], events: readonly NormalizedEvent[]): void {
    if (states.length > 0) this.version += 1;
    const now = this.clock.now();
    const state = this.state;
    state.tick(now);
    const t = performance.now();
    for (const s of states) {
      state.upsert(s, now);
      for (const key of state.keysOf(s)) if (!this.pendingSince.has(key)) this.pendingSince.set(key, t);
    }
    this.metrics.liveCases.set(state.caseCount);
    const byId = new Map(states.map((s) => [s.caseId, s]));
    for (const e of events) {
      const s = byId.get(e.caseId);
      if (!s || s.status === 'pending' || e.at < now - FEED_MAX_AGE_MS) continue;
      this.pushFeed(s, e);
    }
  }

  private pushFeed(s: CaseState, e: NormalizedEvent): void {
    const node = this.areas.tree.get(s.gridCode!)!;
    const district = this.areas.tree.ancestorAt(node.code, 'district');
    this.feed.push({
      seq: ++this.feedSeq,
      keys: node.ancestors,
      item: {
        eventId: e.eventId,
        caseId: s.caseId,
        category: s.category!,
        areaName: node.name,
        districtName: district?.name ?? '',
        title: s.title!,
        status: s.status,
        eventType: e.type,
        at: toCityIso(e.at),
      },
    });
    if (this.feed.length > FEED_RING * 1.25) this.feed = this.feed.slice(-FEED_RING);
  }

  /** Feed items of a scope newer than `afterSeq`, newest first, at most {@link FEED_LIMIT}. */
  private feedFor(scope: string, afterSeq = 0): FeedItem[] {
    const out: FeedItem[] = [];
    for (let i = this.feed.length - 1; i >= 0 && out.length < FEED_LIMIT; i--) {
      const f = this.feed[i];
      if (f.seq <= afterSeq) break;
      if (f.keys.includes(scope)) out.push(f.item);
    }
    return out;
  }

  /** GET /api/stats. */
  stats(scope: string, period: Period): StatsView {
    const node = this.areas.require(scope);
    return statsView(this.state, node, period, this.clock.now());
  }

  /** The §5 figures per category of a scope and period. */
  categories(scope: string, period: Period): CategoryStats[] {
    this.areas.require(scope);
    return categoryViews(this.state, scope, period, this.clock.now());
  }

  /** The trend of a scope for a period. */
  trend(scope: string, period: Period): TrendView {
    const now = this.clock.now();
    const t = this.state.trend(scope, period, now);
    return {
      granularity: t.grain,
      buckets: t.buckets.map((b) => ({ start: toCityIso(b.start), reported: b.reported, resolved: b.resolved })),
    };
  }

  /**
   * Reported/resolved per hour or day over [from, to) (api.md §2). The live window holds hours
   * since yesterday 00:00 and days since last year's 1 January; older ranges get a 400.
   */
  trendRange(scope: string, granularity: 'hour' | 'day', from: number, to: number): TrendView {
    this.areas.require(scope);
    const windowStart = this.state.trendWindowStart(granularity);
    if (from < windowStart) {
      throw new BadRequestException(
        `from: ${granularity} buckets are kept from ${toCityIso(windowStart)} on; ask for a later from`,
      );
    }
    if (to <= from) throw new BadRequestException('to: must be after from');
    const maxBuckets = granularity === 'hour' ? 24 * 31 : 800;
    const span = granularity === 'hour' ? HOUR_MS : 86_400_000;
    if ((to - from) / span > maxBuckets) {
      throw new BadRequestException(`to: at most ${maxBuckets} ${granularity} buckets per request`);
    }
    const buckets = this.state.trendRange(scope, granularity, from, to);
    return {
      granularity,
      buckets: buckets.map((b) => ({ start: toCityIso(b.start), reported: b.reported, resolved: b.resolved })),
    };
  }

  /** Red and yellow open cases of a scope, most overdue first, bounded, with totals. */
  overdue(scope: string, limit = OVERDUE_LIMIT, only?: 'red' | 'yellow'): OverdueView {
    const now = this.clock.now();
    const tree = this.areas.tree;
    const cases = this.state.alertingIn(scope);
    const totalRed = cases.filter((c) => c.phase === 3).length;
    const totalYellow = cases.length - totalRed;
    const chosen = cases
      .filter((c) => !only || (only === 'red' ? c.phase === 3 : c.phase === 2))
      .sort((a, b) => a.s.deadline! - b.s.deadline! || (a.s.caseId < b.s.caseId ? -1 : 1))
      .slice(0, limit);
    const items: OverdueItem[] = chosen.map(({ s, phase }) => {
      const node = tree.get(s.gridCode!)!;
      const path = node.ancestors
        .slice(0, -1)
        .reverse()
        .map((code) => ({ code, name: tree.get(code)!.name }));
      const dept = s.departmentCode ? this.departments.get(s.departmentCode) : undefined;
      return {
        caseId: s.caseId,
        title: s.title!,
        category: s.category!,
        areaPath: path,
        handler: { level: s.handlerLevel!, departmentCode: s.departmentCode, departmentName: dept?.name ?? null },
        deadline: toCityIso(s.deadline!),
        overdueHours: Math.round(((now - s.deadline!) / HOUR_MS) * 10) / 10,
        state: phase === 3 ? 'red' : 'yellow',
      };
    });
    return { totalRed, totalYellow, items };
  }

  /**
   * The ranking of a tier within a scope (domain.md §6). Area tiers must lie below the scope;
   * the department tier holds every department for the city, else the departments of the scope's
   * district. `change` compares with the previous period's ranking as of now.
   */
  rankings(tier: RankingTier, scope: string, period: Period): RankingView {
    const now = this.clock.now();
    const units = this.rankingUnits(tier, scope);
    const inputs = units.map((u) => ({
      code: u.code,
      name: u.name,
      current: metricSet(this.state.figures(u.key, period, now)),
      previous: metricSet(this.state.previousFigures(u.key, period, now)),
    }));
    return { tier, scope, period, rows: rankUnits(inputs, this.config, tier === 'department') };
  }

  /** The ranking tier of a subscription: the one asked for, else the scope's child tier. */
  resolveTier(scope: string, tier?: RankingTier): RankingTier | null {
    const node = this.areas.require(scope);
    if (tier === undefined) return CHILD_TIER[node.level];
    assertTierBelow(tier, node);
    return tier;
  }

  /**
   * A unit's rank in its tier for each of the last `weeks` weeks (this week last), each week's
   * cohort with figures as of now, like `change`. Read from the stored states (not the live
   * window, which holds two weeks), cached for a minute.
   */
  async rankHistory(tier: RankingTier, scope: string, code: string, weeks: number): Promise<RankHistoryView> {
    const key = `${tier}|${scope}|${code}|${weeks}`;
    const hit = this.historyCache.get(key);
    if (hit && hit.until > Date.now()) return hit.view;
    const units = this.rankingUnits(tier, scope);
    const unit = units.find((u) => u.code === code);
    if (!unit) throw new BadRequestException(`code: ${code} is not a ${tier} within ${scope}`);
    const now = this.clock.now();
    const firstWeek = periodStart('week', now) - (weeks - 1) * 7 * 86_400_000;
    const states = await this.store.statesReportedBetween(firstWeek, now + 1);
    const keyOf = new Map(units.map((u) => [u.key, u]));
    const standing = new Map(units.map((u) => [u.code, this.state.figures(u.key, 'week', now).standing]));
    const out: RankHistoryPoint[] = [];
    for (let w = 0; w < weeks; w++) {
      const from = firstWeek + w * 7 * 86_400_000;
      const to = periodEnd('week', from);
      const sums = new Map<string, Float64Array>();
      for (const s of states) {
        if (s.reportedAt! < from || s.reportedAt! >= to) continue;
        const pv = periodVector(s, phaseAt(s, now, this.config.nearDueFraction));
        if (!pv) continue;
        for (const k of this.state.keysOf(s)) {
          const u = keyOf.get(k);
          if (!u) continue;
          const acc = sums.get(u.code) ?? new Float64Array(pv.length);
          for (let i = 0; i < pv.length; i++) acc[i] += pv[i];
          sums.set(u.code, acc);
        }
      }
      const inputs = units.map((u) => {
        const m = metricSet({ period: sums.get(u.code) ?? new Float64Array(NP), standing: standing.get(u.code)! });
        return { code: u.code, name: u.name, current: m, previous: m };
      });
      const rows = rankUnits(inputs, this.config, tier === 'department');
      const row = rows.find((r) => r.code === code)!;
      out.push({
        from: toCityIso(from),
        to: toCityIso(to),
        rank: row.rank,
        score: row.score,
        ranked: rows.filter((r) => r.rank !== null).length,
        flags: row.flags,
      });
    }
    const view = { tier, scope, code, name: unit.name, weeks: out };
    if (this.historyCache.size > 200) this.historyCache.clear();
    this.historyCache.set(key, { view, until: Date.now() + 60_000 });
    return view;
  }

  private readonly historyCache = new Map<string, { view: RankHistoryView; until: number }>();

  private rankingUnits(tier: RankingTier, scope: string): { code: string; name: string; key: string }[] {
    const node = this.areas.require(scope);
    if (tier === 'department') {
      const district = this.areas.tree.ancestorAt(scope, 'district')?.code;
      return this.departments
        .list()
        .filter((d) => node.level === 'city' || d.level === district)
        .map((d) => ({ code: d.code, name: d.name, key: DEPT_PREFIX + d.code }));
    }
    assertTierBelow(tier, node);
    return this.areas.tree.descendantsAt(scope, tier).map((n) => ({ code: n.code, name: n.name, key: n.code }));
  }

  private parts(scope: string, period: Period, tier: RankingTier | null): Pick<Snapshot, PartName> {
    return {
      stats: this.stats(scope, period),
      categories: this.categories(scope, period),
      trend: this.trend(scope, period),
      overdue: this.overdue(scope),
      rankings: tier ? this.rankings(tier, scope, period) : null,
    };
  }

  /** The full snapshot of a room, registering the room if new. */
  async snapshot(scope: string, period: Period, requestedTier?: RankingTier): Promise<Snapshot> {
    const tier = this.resolveTier(scope, requestedTier);
    const id = roomId(scope, period, tier);
    const room = this.ensureRoom(scope, period, tier);
    const parts = this.cachedParts(room);
    let seq = room.seq;
    if (this.cluster.role === 'leader' || this.cluster.role === 'follower') {
      // Patches of the cluster carry the shared sequence kept in Redis.
      seq = await this.cluster.currentSeq(id).catch(() => room.seq);
    }
    return { seq, scope, period, tier, ...parts, feed: this.feedFor(scope) };
  }

  /**
   * The room of a subscription, created on first use. A room created for a local snapshot diffs
   * its next patch against that snapshot; one the leader discovered on another instance sends
   * every part in its first patch.
   */
  private ensureRoom(scope: string, period: Period, tier: RankingTier | null, discovered = false): Room {
    const id = roomId(scope, period, tier);
    let room = this.rooms.get(id);
    if (!room) {
      room = {
        scope,
        period,
        tier,
        seq: 0,
        last: new Map(),
        feedSeq: this.feedSeq,
        lastSentAt: performance.now(),
        dirty: false,
        bigSentAt: 0,
      };
      if (discovered) room.dirty = true;
      else {
        // Diff later patches against what this snapshot shows.
        for (const [name, value] of Object.entries(this.computeParts(room)) as [PartName, unknown][]) {
          room.last.set(name, partJson(name, value));
        }
      }
      this.rooms.set(id, room);
    }
    return room;
  }

  /** Changes whenever any figure may have changed (commits, clock transitions, rollover). */
  private version = 0;

  /** A room's parts: the cached ones while nothing changed and they are under a second old. */
  private cachedParts(room: Room): Pick<Snapshot, PartName> {
    const c = room.cache;
    if (c && c.version === this.version && performance.now() - c.at < 1000) return c.parts;
    return this.computeParts(room);
  }

  private computeParts(room: Room): Pick<Snapshot, PartName> {
    const parts = this.parts(room.scope, room.period, room.tier);
    room.cache = { parts, version: this.version, at: performance.now() };
    return parts;
  }

  /**
   * Forgets the rooms with no subscriber left on this instance. The leader keeps every room
   * that has a subscriber anywhere (it learns them in {@link flush}).
   */
  pruneRooms(): void {
    if (this.cluster.role === 'leader' || !this.transport) return;
    for (const id of this.rooms.keys()) if (!this.transport.hasLocalMembers(id)) this.rooms.delete(id);
  }

  /** The leader learns every room with a subscriber on any instance, about once a second. */
  private async discoverRooms(): Promise<void> {
    if (!this.transport || performance.now() - this.lastDiscovery < 1000) return;
    this.lastDiscovery = performance.now();
    const all = await this.transport.clusterRooms();
    for (const id of all) {
      const [scope, period, tier] = id.split('|');
      if (!tier || !(PERIODS as readonly string[]).includes(period) || !this.areas.tree.has(scope)) continue;
      if (!this.rooms.has(id))
        this.ensureRoom(scope, period as Period, tier === '-' ? null : (tier as RankingTier), true);
    }
    for (const id of this.rooms.keys()) if (!all.has(id)) this.rooms.delete(id);
  }

  /** Number of rooms with subscribers. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /**
   * Runs the clock and sends each room the parts that changed since its last patch (at most
   * once per {@link MIN_PATCH_GAP_MS}), or a heartbeat after {@link HEARTBEAT_MS} of quiet.
   */
  async flush(): Promise<void> {
    if (!this.stateValue || this.flushing) return;
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
    this.state.tick(this.clock.now());
    const dirty = this.state.takeDirty();
    if (dirty === 'all' || dirty.size > 0) this.version += 1;
    const role = this.cluster.role;
    this.metrics.leader.set(this.cluster.runsSingletons ? 1 : 0);
    for (const room of this.rooms.values()) if (dirty === 'all' || dirty.has(room.scope)) room.dirty = true;
    // A follower sends nothing: the leader patches every instance's clients.
    if (role === 'follower') {
      this.pendingSince.clear();
      return;
    }
    if (role === 'leader') await this.discoverRooms().catch(() => undefined);
    const tick = performance.now();
    for (const [id, room] of this.rooms) {
      // Never more than 4 patches in any second, whatever the timer's jitter.
      if (tick - room.lastSentAt < MIN_PATCH_GAP_MS) continue;
      const feed = this.feedFor(room.scope, room.feedSeq);
      const touched = room.dirty;
      const heartbeat = tick - room.lastSentAt >= HEARTBEAT_MS;
      if (!touched && feed.length === 0 && !heartbeat) continue;
      room.dirty = false;
      const patch: Patch = { seq: 0, scope: room.scope, period: room.period, tier: room.tier };
      let changed = false;
      if (touched || heartbeat) {
        const parts = this.computeParts(room);
        for (const [name, value] of Object.entries(parts) as [PartName, unknown][]) {
          // A large ranking (the 3,306 villages: ~1 MB) is re-sent at most every 5 s.
          const big = name === 'rankings' && ((value as RankingView | null)?.rows.length ?? 0) > BIG_RANKING_ROWS;
          if (big && tick - room.bigSentAt < BIG_RANKING_GAP_MS) {
            room.dirty = true;
            continue;
          }
          const json = partJson(name, value);
          if (room.last.get(name) !== json) {
            room.last.set(name, json);
            (patch as unknown as Record<string, unknown>)[name] = value;
            changed = true;
            if (big) room.bigSentAt = tick;
          }
        }
        if (heartbeat && !changed) {
          patch.stats = parts.stats;
          changed = true;
        }
      }
      if (feed.length > 0) {
        patch.feed = feed;
        room.feedSeq = this.feedSeq;
        changed = true;
      }
      if (!changed) continue;
      let localOnly = role === 'isolated';
      if (role === 'leader') {
        try {
          patch.seq = await this.cluster.nextSeq(id);
        } catch {
          localOnly = true;
        }
      }
      if (patch.seq === 0) patch.seq = room.seq + 1;
      room.seq = patch.seq;
      room.lastSentAt = tick;
      const since = this.pendingSince.get(room.scope);
      if (since !== undefined && touched) {
        this.metrics.eventToPatch.observe((performance.now() - since) / 1000);
        this.pendingSince.delete(room.scope);
      }
      this.metrics.patches.inc();
      this.transport?.broadcast('patch', id, patch, localOnly);
    }
    // Keys no room shows need no latency record.
    const shown = new Set([...this.rooms.values()].map((r) => r.scope));
    for (const key of this.pendingSince.keys()) if (!shown.has(key)) this.pendingSince.delete(key);
  }
}

/** Throws 400 unless an area tier lies below the scope node (departments may rank under any scope). */
function assertTierBelow(tier: RankingTier, node: { code: string; level: AreaLevel }): void {
  if (tier !== 'department' && AREA_LEVELS.indexOf(tier) <= AREA_LEVELS.indexOf(node.level)) {
    throw new BadRequestException(`tier: ${tier} does not lie below scope ${node.code} (${node.level})`);
  }
}

function partJson(name: PartName, value: unknown): string {
  if (name === 'stats') {
    const { asOf: _asOf, ...rest } = value as StatsView;
    return JSON.stringify(rest);
  }
  return JSON.stringify(value);
}
