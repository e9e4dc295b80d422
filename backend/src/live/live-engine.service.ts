import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { HOUR_MS, toCityIso } from '@gridwall/shared';
import { AreasService } from '../areas/areas.service';
import type { CaseState, NormalizedEvent } from '../cases/case-model';
import { CaseStoreService } from '../cases/case-store.service';
import { CASES_COMMITTED, type CasesCommitted } from '../cases/cases.events';
import { LogFollowerService } from '../cases/log-follower.service';
import { ClusterService } from '../cluster/cluster.service';
import { Clock } from '../common/clock';
import { DomainConfigService } from '../config/domain-config.service';
import { MetricsService } from '../metrics/metrics.service';
import type { Phase } from './contribution';
import { FeedRing } from './feed-ring';
import { LiveState } from './live-state';

/** Event name: the live state took in committed cases (the ids of those that changed). */
export const LIVE_APPLIED = 'live.applied';

/** Payload of {@link LIVE_APPLIED}. */
export interface LiveApplied {
  caseIds: string[];
  /** Aggregation keys whose figures may have changed. */
  keys: Set<string>;
  /** performance.now() when applied, for the event-to-patch latency. */
  at: number;
}

/** Events older than this do not make the public feed (backfills, very late arrivals). */
const FEED_MAX_AGE_MS = 24 * HOUR_MS;

/**
 * The live engine: holds {@link LiveState}, rebuilds it from the stored case states at boot and
 * on demand, applies every `cases.committed` (this instance's ingest, or the event log of
 * another's), runs the clock, and keeps the public feed. Knows nothing of rooms or sockets.
 */
@Injectable()
export class LiveEngine implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveEngine.name);
  private stateValue: LiveState | undefined;
  private versionValue = 0;
  /** The public feed of recent events, all scopes. */
  readonly feed = new FeedRing();
  /** Duration of the last rebuild, ms. */
  rebuildMs = 0;

  constructor(
    private readonly areas: AreasService,
    private readonly store: CaseStoreService,
    private readonly clock: Clock,
    private readonly config: DomainConfigService,
    private readonly cluster: ClusterService,
    private readonly follower: LogFollowerService,
    private readonly metrics: MetricsService,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Read the log position first: anything committed during the rebuild is applied again after.
    const fromSeq = await this.follower.currentMaxSeq();
    await this.rebuild();
    // Other instances' commits; on a single server, a history import's (npm run import).
    if (this.cluster.enabled) this.follower.start(fromSeq);
    else this.follower.watchImports(fromSeq);
  }

  /** The engine state (read-only use outside the engine). */
  get state(): LiveState {
    if (!this.stateValue) throw new Error('live state not built yet');
    return this.stateValue;
  }

  /** Whether the state has been built. */
  get ready(): boolean {
    return this.stateValue !== undefined;
  }

  /** Changes whenever any figure may have changed (commits, clock transitions, rollover). */
  get version(): number {
    return this.versionValue;
  }

  /** Number of cases held in memory. */
  get caseCount(): number {
    return this.stateValue?.caseCount ?? 0;
  }

  /** The clock phase of an open case held (0 when not open or not held; 2 yellow, 3 red). */
  phaseOf(caseId: string): Phase {
    return this.stateValue?.phaseOf(caseId) ?? 0;
  }

  /** Open joint-meeting cases of a scope with their phase (the agenda). */
  jointIn(scope: string): { s: CaseState; phase: Phase }[] {
    return this.stateValue?.jointIn(scope) ?? [];
  }

  /** Open yellow and red cases of a scope with their phase. */
  alertingIn(scope: string): { s: CaseState; phase: Phase }[] {
    return this.stateValue?.alertingIn(scope) ?? [];
  }

  /** Every open case of a scope, with its phase. */
  openIn(scope: string): { s: CaseState; phase: Phase }[] {
    return this.stateValue?.openIn(scope) ?? [];
  }

  /** Open cases of a scope handled at the city level, with their phase. */
  cityIn(scope: string): { s: CaseState; phase: Phase }[] {
    return this.stateValue?.cityIn(scope) ?? [];
  }

  /** Rebuilds the live state from the stored case states. */
  async rebuild(): Promise<void> {
    const started = Date.now();
    const now = this.clock.now();
    const state = new LiveState(this.areas.tree, this.config.current().nearDueFraction, now);
    const total = await this.store.forEachState((page) => {
      for (const s of page) state.upsert(s, now);
    });
    state.takeDirty();
    this.stateValue = state;
    this.versionValue += 1;
    this.rebuildMs = Date.now() - started;
    this.metrics.rebuildSeconds.set(this.rebuildMs / 1000);
    this.metrics.liveCases.set(state.caseCount);
    this.logger.log(`live state rebuilt from ${total} cases (${state.caseCount} held) in ${this.rebuildMs} ms`);
  }

  /** Applies committed case states, then tells {@link LIVE_APPLIED} listeners which changed. */
  @OnEvent(CASES_COMMITTED)
  apply({ states, events }: CasesCommitted): void {
    const keys = new Set<string>();
    try {
      if (this.stateValue) this.applyStates(states, events, keys);
    } finally {
      const applied: LiveApplied = { caseIds: states.map((s) => s.caseId), keys, at: performance.now() };
      this.events.emit(LIVE_APPLIED, applied);
    }
  }

  /**
   * Runs the clock to now; returns the aggregation keys whose figures changed since the last
   * call ('all' after a rollover).
   */
  tick(): Set<string> | 'all' {
    const state = this.state;
    state.tick(this.clock.now());
    const dirty = state.takeDirty();
    if (dirty === 'all' || dirty.size > 0) this.versionValue += 1;
    return dirty;
  }

  private applyStates(states: readonly CaseState[], events: readonly NormalizedEvent[], keys: Set<string>): void {
    if (states.length > 0) this.versionValue += 1;
    const now = this.clock.now();
    const state = this.state;
    state.tick(now);
    for (const s of states) {
      state.upsert(s, now);
      for (const key of state.keysOf(s)) keys.add(key);
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
    this.feed.push(node.ancestors, {
      eventId: e.eventId,
      caseId: s.caseId,
      category: s.category!,
      areaName: node.name,
      districtName: district?.name ?? '',
      title: s.title!,
      status: s.status,
      eventType: e.type,
      at: toCityIso(e.at),
    });
  }
}
