import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ALL_GROUPS,
  ASSESSMENT_KINDS,
  CATEGORIES,
  CHILD_TIER,
  HOUR_MS,
  PERIOD_KEY_FORM,
  isAssessmentKind,
  periodKeyOf,
  periodLabel,
  periodRange,
  parsePeriodKey,
  toCityIso,
  type AssessmentDetail,
  type AssessmentHeader,
  type AssessmentKind,
  type AssessmentVersion,
  type BriefingBacklogRow,
  type BriefingData,
  type Category,
  type IssuedOverdueView,
  type IssuedRankingView,
  type IssuedRef,
  type IssuedStatsView,
  type Period,
  type RankingTier,
  type TimeRange,
} from '@gridwall/shared';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { AreasService } from '../areas/areas.service';
import { AuthService } from '../auth/auth.service';
import { areaPathOf, handlerViewOf } from '../cases/case-views';
import { foldCase } from '../cases/fold';
import { foldContextOf } from '../cases/fold-context';
import { isUniqueViolation } from '../common/db-errors';
import { Clock } from '../common/clock';
import type { DomainConfig } from '../config/domain-config';
import { DomainConfigService } from '../config/domain-config.service';
import { DepartmentsService } from '../departments/departments.service';
import { LiveQueries } from '../live/live-queries.service';
import { SIMULATOR_BACKFILL } from '../simulator/simulator.events';
import { groupError, scoreBreakdown, type RankedUnits } from '../live/ranking';
import { rankingUnitsOf } from '../live/ranking-units';
import {
  CONTENT_FORMAT,
  IssuedAggregator,
  canonicalStringify,
  cityRankings,
  contentHash,
  hasGroups,
  issuedMetrics,
  rankIssued,
  ranksOf,
  type AssessmentContent,
  type RankContext,
} from './assessment-content';
import { AssessmentStore, type AssessmentRow } from './assessment-store.service';

/** Emitted (in process) after a version is stored: `{kind, period, version, issuedAt}`. */
export const ASSESSMENT_ISSUED = 'assessment.issued';
/** Payload of {@link ASSESSMENT_ISSUED}. */
export interface AssessmentIssued {
  kind: AssessmentKind;
  period: string;
  version: number;
  /** Epoch ms. */
  issuedAt: number;
}

/** How often ended periods are looked for, ms. */
const CHECK_EVERY_MS = 60_000;
/** Parsed contents kept in memory (the newest of each kind are kept besides). */
const CACHE_MAX = 8;
/** Derived rankings kept per content. */
const RANKING_CACHE_MAX = 200;
/** Fold and count this much before yielding to the event loop while issuing, ms. */
const SLICE_MS = 15;

/** A loaded version: its row and parsed content, with its derived rankings cached. */
interface Loaded {
  row: AssessmentRow;
  content: AssessmentContent;
  rankings: Map<string, RankedUnits>;
}

/** The outcome of {@link AssessmentsService.verify}. */
export interface VerifyResult {
  kind: AssessmentKind;
  period: string;
  version: number;
  ok: boolean;
  storedHash: string;
  /** Hash of the stored body as read back (detects a changed row). */
  bodyHash: string;
  recomputedHash: string;
  events: number;
  eventsNow: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Issued assessments (domain.md §8): issues every ended week, month, quarter and year at its
 * period end + grace (and, on start, every ended period of the history that has events and no
 * assessment, oldest first), re-issues on an admin's request, and answers the reads of api.md §4
 * from the stored, immutable versions.
 *
 * Issuing reads the log off the hot path: pages of cases folded in slices of ~15 ms with the event
 * loop free in between, one period at a time, so ingest and the sockets keep their pace.
 */
@Injectable()
export class AssessmentsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AssessmentsService.name);
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly cache = new Map<string, Loaded>();
  /** The newest issued version of each kind's most recent period. */
  private readonly newestOf = new Map<AssessmentKind, Loaded>();
  private closed = false;
  /** True while the demo backfills an empty database: periods wait until their history is in. */
  private backfilling = false;

  constructor(
    private readonly store: AssessmentStore,
    private readonly areas: AreasService,
    private readonly departments: DepartmentsService,
    private readonly config: DomainConfigService,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly env: ConfigService,
    @Optional() private readonly live?: LiveQueries,
    @Optional() private readonly events?: EventEmitter2,
  ) {}

  onApplicationBootstrap(): void {
    if (this.live)
      this.live.previousRanks = (tier, scope, period, wholeTier) =>
        this.previousRanksFor(tier, scope, period, wholeTier);
    if (this.env.get('ASSESSMENTS_AUTO') === 'off') {
      void this.refreshQuietly();
      return;
    }
    // In the background: a long history must not hold up the start.
    void this.issueDue().catch((err) => this.logger.error(`issuing ended periods failed: ${(err as Error).message}`));
    this.timer = setInterval(() => {
      void this.issueDue().catch((err) => this.logger.warn(`issuing ended periods: ${(err as Error).message}`));
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  @OnEvent(SIMULATOR_BACKFILL)
  onBackfill({ running }: { running: boolean }): void {
    this.backfilling = running;
    if (!running && this.env.get('ASSESSMENTS_AUTO') !== 'off') {
      void this.issueDue().catch((err) => this.logger.warn(`issuing ended periods: ${(err as Error).message}`));
    }
  }

  private async refreshQuietly(): Promise<void> {
    await this.serial(() => this.refreshNewest()).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  private get ctx(): RankContext {
    return { tree: this.areas.tree, departments: this.departments.list() };
  }

  /** Runs `task` after every issue queued before it (one period is computed at a time). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Issues every ended period whose freeze time (end + grace) has passed, that has events and no
   * assessment yet, oldest first; refreshes the newest issued versions (another instance may
   * have issued them). Returns the periods issued.
   */
  issueDue(): Promise<{ kind: AssessmentKind; period: string }[]> {
    return this.serial(async () => {
      const issued: { kind: AssessmentKind; period: string }[] = [];
      // Nothing is issued while a backfill or an import may still add events to ended periods.
      const paused = this.backfilling || (await this.store.importRunning(Date.now()));
      const first = paused ? null : await this.store.firstEventAt();
      if (first !== null) {
        const now = this.clock.now();
        const grace = this.config.current().assessmentGraceMinutes * 60_000;
        const due: { kind: AssessmentKind; key: string; range: TimeRange }[] = [];
        for (const kind of ASSESSMENT_KINDS) {
          const done = await this.store.issuedKeys(kind);
          for (let r = periodRange(kind, first); r.to + grace <= now; r = periodRange(kind, r.to)) {
            const key = periodKeyOf(kind, r.from);
            if (!done.has(key)) due.push({ kind, key, range: r });
          }
        }
        due.sort(
          (a, b) => a.range.to - b.range.to || ASSESSMENT_KINDS.indexOf(a.kind) - ASSESSMENT_KINDS.indexOf(b.kind),
        );
        for (const d of due) {
          if (this.closed) break;
          if (!(await this.store.hasEventsIn(d.range.from, d.range.to))) continue;
          const row = await this.issueNow(d.kind, d.key, d.range, null, null);
          if (row) issued.push({ kind: d.kind, period: d.key });
        }
      }
      await this.refreshNewest();
      return issued;
    });
  }

  /**
   * Issues version n+1 of an ended period with an admin's reason (a correction: late data, a fixed
   * time limit). 409 for a period that has not ended.
   */
  reissue(kind: AssessmentKind, key: string, reason: string, by: string): Promise<AssessmentHeader> {
    const range = this.rangeOf(kind, key);
    if (range.to > this.clock.now()) {
      throw new ConflictException(`period: ${key} has not ended yet (it ends ${toCityIso(range.to)})`);
    }
    return this.serial(async () => {
      const row = await this.issueNow(kind, key, range, reason, by);
      if (!row) throw new ConflictException(`period: ${key} was being issued by another instance; try again`);
      await this.refreshNewest();
      return this.header(row);
    });
  }

  /** Computes and stores the next version of a period; null when another instance stored it first. */
  private async issueNow(
    kind: AssessmentKind,
    key: string,
    range: TimeRange,
    reason: string | null,
    by: string | null,
  ): Promise<AssessmentRow | null> {
    const started = Date.now();
    const versions = await this.store.versions(kind, key);
    const version = (versions.at(-1)?.version ?? 0) + 1;
    const cutoff = await this.store.maxSeq();
    const config = this.config.current() as DomainConfig;
    const prevKey = periodKeyOf(kind, range.from - 1);
    const prevVersions = await this.store.versions(kind, prevKey);
    const previous = prevVersions.length ? { period: prevKey, version: prevVersions.at(-1)!.version } : null;
    const { content, json, hash } = await this.compute(kind, key, range, cutoff, config, previous);
    const row: AssessmentRow = {
      id: undefined as unknown as string,
      kind,
      periodKey: key,
      version,
      fromMs: range.from,
      toMs: range.to,
      cutoffSeq: cutoff,
      events: content.events,
      issuedAtMs: this.clock.now(),
      hash,
      reason,
      issuedBy: by,
      previousPeriod: previous?.period ?? null,
      previousVersion: previous?.version ?? null,
    };
    delete (row as Partial<AssessmentRow>).id;
    try {
      await this.store.insert(row, json);
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    this.events?.emit(ASSESSMENT_ISSUED, {
      kind,
      period: key,
      version,
      issuedAt: row.issuedAtMs,
    } satisfies AssessmentIssued);
    const what = `${kind} ${key} v${version}: ${content.events} events, hash ${hash.slice(0, 12)}`;
    this.logger.log(`issued ${what} in ${Date.now() - started} ms`);
    await this.auth.audit(
      by ?? 'system',
      version === 1 ? 'assessment-issued' : 'assessment-reissued',
      reason ? `${what}; reason: ${reason}` : what,
    );
    return row;
  }

  /**
   * The content of an assessment recomputed from the log: every case that can count, folded from
   * its events with seq ≤ cutoff and `at` < C under `config`, added up as of C; the city-wide
   * rankings with `change` against the previous issued version.
   */
  async compute(
    kind: AssessmentKind,
    key: string,
    range: TimeRange,
    cutoff: number,
    config: DomainConfig,
    previous: { period: string; version: number } | null,
  ): Promise<{ content: AssessmentContent; json: string; hash: string }> {
    const tree = this.areas.tree;
    const fold = foldContextOf(
      () => config,
      () => tree,
    );
    const agg = new IssuedAggregator(tree, range.from, range.to, config.nearDueFraction);
    await this.store.forEachCandidate(range.from, range.to, cutoff, async (byCase) => {
      let sliceStart = Date.now();
      for (const [caseId, events] of byCase) {
        agg.add(foldCase(caseId, events, fold));
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = Date.now();
        }
      }
      await yieldToLoop();
    });
    const events = await this.store.countEvents(range.to, cutoff);
    const { figures, overdue } = agg.result();
    const prev = previous ? await this.load(kind, previous.period, previous.version) : null;
    const partial = { figures, config };
    const content: AssessmentContent = {
      format: CONTENT_FORMAT,
      kind,
      period: key,
      from: range.from,
      to: range.to,
      cutoffSeq: cutoff,
      events,
      config,
      previous,
      figures,
      overdue,
      rankings: cityRankings(partial, this.ctx, prev?.content ?? null),
    };
    const json = canonicalStringify(content);
    return { content, json, hash: contentHash(json) };
  }

  /**
   * Recomputes a stored version from the log with its cut-off, configuration and previous period,
   * and compares hashes (the admin CLI's `assessments verify`).
   */
  async verify(kind: AssessmentKind, key: string, version?: number): Promise<VerifyResult> {
    const loaded = await this.require(kind, key, version);
    const body = await this.store.body(kind, key, loaded.row.version);
    const c = loaded.content;
    const again = await this.compute(kind, key, { from: c.from, to: c.to }, c.cutoffSeq, c.config, c.previous);
    const bodyHash = contentHash(body!);
    return {
      kind,
      period: key,
      version: loaded.row.version,
      ok: again.hash === loaded.row.hash && bodyHash === loaded.row.hash,
      storedHash: loaded.row.hash,
      bodyHash,
      recomputedHash: again.hash,
      events: c.events,
      eventsNow: again.content.events,
    };
  }

  // ---- reads (api.md §4) ----

  /** Issued periods, newest first (the newest version of each). */
  async list(kind: AssessmentKind | undefined, limit: number): Promise<AssessmentHeader[]> {
    const rows = await this.store.newest(kind, limit);
    return rows.map((r) => this.header(r));
  }

  /** The newest version's header with every version and the configuration it was issued under. */
  async detail(kind: AssessmentKind, key: string): Promise<AssessmentDetail> {
    const loaded = await this.require(kind, key);
    const versions = await this.store.versions(kind, key);
    return {
      ...this.header(loaded.row),
      versions: versions.map(versionOf),
      config: loaded.content.config,
    };
  }

  /** Every §5 metric of a scope (and category) as issued. */
  async stats(
    kind: AssessmentKind,
    key: string,
    scope: string,
    category?: Category,
    version?: number,
  ): Promise<IssuedStatsView> {
    const loaded = await this.require(kind, key, version);
    const node = this.areas.require(scope);
    const c = loaded.content;
    const view: IssuedStatsView = {
      scope: node.code,
      scopeName: node.name,
      level: node.level,
      period: kind as Period,
      from: toCityIso(c.from),
      to: toCityIso(c.to),
      asOf: toCityIso(c.to),
      ...issuedMetrics(c, scope, category),
      category: category ?? null,
      assessment: refOf(loaded.row),
    };
    if (!category) view.categories = CATEGORIES.map((cat) => ({ category: cat, ...issuedMetrics(c, scope, cat) }));
    return view;
  }

  /** The issued ranking of a tier within a scope; per group unless `group` is a key or `all`. */
  async rankings(
    kind: AssessmentKind,
    key: string,
    tier: RankingTier,
    scope: string,
    group?: string,
    version?: number,
  ): Promise<IssuedRankingView> {
    const loaded = await this.require(kind, key, version);
    this.areas.require(scope);
    checkGroup(loaded.content.config, tier, group);
    const ranked = await this.rankingOf(loaded, tier, scope, group);
    return {
      tier,
      scope,
      period: kind as Period,
      ...ranked,
      assessment: refOf(loaded.row),
    };
  }

  /** The overdue backlog standing at the period end in a scope, most overdue first. */
  async overdue(
    kind: AssessmentKind,
    key: string,
    scope: string,
    limit: number,
    version?: number,
  ): Promise<IssuedOverdueView> {
    const loaded = await this.require(kind, key, version);
    this.areas.require(scope);
    const tree = this.areas.tree;
    const c = loaded.content;
    const items = c.overdue
      .filter((o) => tree.isWithin(o.gridCode, scope))
      .slice(0, limit)
      .map((o) => ({
        caseId: o.caseId,
        title: o.title,
        category: o.category,
        areaPath: areaPathOf(tree, o.gridCode),
        handler: handlerViewOf(o, (code) => this.departments.get(code)),
        deadline: toCityIso(o.deadline),
        overdueHours: Math.round(((c.to - o.deadline) / HOUR_MS) * 10) / 10,
        state: 'red' as const,
      }));
    return { assessment: refOf(loaded.row), scope, totalRed: issuedMetrics(c, scope).overdueNow, items };
  }

  /** Everything the briefing (通报) of a scope shows. */
  async briefing(kind: AssessmentKind, key: string, scope: string, version?: number): Promise<BriefingData> {
    const loaded = await this.require(kind, key, version);
    const node = this.areas.require(scope);
    const stats = await this.stats(kind, key, scope, undefined, loaded.row.version);
    const { categories = [], ...headline } = stats;
    const tiers: RankingTier[] = [];
    const child = CHILD_TIER[node.level];
    if (child && child !== 'department') tiers.push(child);
    if (node.level === 'city') tiers.push('township');
    if (node.level === 'city' || node.level === 'district') tiers.push('department');
    const briefingTiers = [];
    for (const tier of tiers) {
      briefingTiers.push({ tier, ranking: await this.rankings(kind, key, tier, scope, undefined, loaded.row.version) });
    }
    const c = loaded.content;
    const units = [
      ...(child && child !== 'department'
        ? rankingUnitsOf(this.areas.tree, this.departments.list(), child, scope)
        : []),
      ...(node.level === 'city' || node.level === 'district'
        ? rankingUnitsOf(this.areas.tree, this.departments.list(), 'department', scope)
        : []),
    ];
    const backlog: BriefingBacklogRow[] = units
      .map((u) => {
        const m = issuedMetrics(c, u.key);
        return { code: u.code, name: u.name, openNow: m.openNow, overdueNow: m.overdueNow };
      })
      .filter((r) => r.openNow > 0)
      .sort((a, b) => b.overdueNow - a.overdueNow || b.openNow - a.openNow || (a.code < b.code ? -1 : 1))
      .slice(0, 30);
    return {
      assessment: this.header(loaded.row),
      scope: { code: node.code, name: node.name, level: node.level },
      stats: headline,
      categories,
      tiers: briefingTiers,
      backlog,
      overdue: await this.overdue(kind, key, scope, 20, loaded.row.version),
    };
  }

  /**
   * A unit's rank in the issued assessments of a kind, oldest first (the newest version of each
   * period, ranked within its group), with the score taken apart under the configuration in force.
   */
  async history(kind: AssessmentKind, tier: RankingTier, scope: string, code: string, limit: number) {
    const rows = (await this.store.newest(kind, limit)).reverse();
    const units = rankingUnitsOf(this.areas.tree, this.departments.list(), tier, scope);
    const unit = units.find((u) => u.code === code);
    if (!unit) throw new BadRequestException(`code: ${code} is not a ${tier} within ${scope}`);
    const points = [];
    for (const row of rows) {
      const loaded = await this.require(kind, row.periodKey, row.version);
      const ranked = await this.rankingOf(loaded, tier, scope, undefined);
      const r = ranked.rows.find((x) => x.code === code)!;
      const peers = ranked.rows.filter((x) => x.group === r.group && x.rank !== null).length;
      const m = issuedMetrics(loaded.content, unit.key);
      points.push({
        period: row.periodKey,
        label: periodLabel(kind, row.periodKey),
        from: toCityIso(row.fromMs),
        to: toCityIso(row.toMs),
        rank: r.rank,
        score: r.score,
        ranked: peers,
        flags: r.flags,
        change: r.change,
        ...(r.group !== undefined
          ? { group: r.group, groupName: ranked.groups?.find((g) => g.key === r.group)?.name ?? r.group }
          : {}),
        version: row.version,
        issuedAt: toCityIso(row.issuedAtMs),
        breakdown: scoreBreakdown(m, code, loaded.content.config, tier === 'department'),
      });
    }
    return { tier, scope, code, name: unit.name, kind, points };
  }

  // ---- loading ----

  /** Parses and checks a period key of a kind: 400 naming the part that is wrong. */
  rangeOf(kind: string, key: string): TimeRange {
    if (!isAssessmentKind(kind))
      throw new BadRequestException(`kind: must be one of ${ASSESSMENT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    const range = parsePeriodKey(kind, key);
    if (!range)
      throw new BadRequestException(`period: ${JSON.stringify(key)} is not a ${kind} key (${PERIOD_KEY_FORM[kind]})`);
    return range;
  }

  /** A version (the newest when none is given); 404 naming what is not issued. */
  private async require(kind: AssessmentKind, key: string, version?: number): Promise<Loaded> {
    this.rangeOf(kind, key);
    let v = version;
    if (v === undefined) {
      const versions = await this.store.versions(kind, key);
      if (versions.length === 0) throw new NotFoundException(`period: ${kind} ${key} has not been issued`);
      v = versions.at(-1)!.version;
    }
    const loaded = await this.load(kind, key, v);
    if (!loaded) throw new NotFoundException(`version: ${kind} ${key} has no version ${v}`);
    return loaded;
  }

  private async load(kind: AssessmentKind, key: string, version: number): Promise<Loaded | null> {
    const id = `${kind}|${key}|${version}`;
    const hit = this.cache.get(id) ?? [...this.newestOf.values()].find((l) => cacheId(l.row) === id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const [row] = (await this.store.versions(kind, key)).filter((r) => r.version === version);
    if (!row) return null;
    const body = await this.store.body(kind, key, version);
    if (body === null) return null;
    const loaded: Loaded = { row, content: JSON.parse(body) as AssessmentContent, rankings: new Map() };
    this.cache.set(id, loaded);
    while (this.cache.size > CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }

  private async refreshNewest(): Promise<void> {
    for (const kind of ASSESSMENT_KINDS) {
      const [row] = await this.store.newest(kind, 1);
      if (!row) continue;
      const held = this.newestOf.get(kind);
      if (held && cacheId(held.row) === cacheId(row)) continue;
      const loaded = await this.load(kind, row.periodKey, row.version);
      if (loaded) this.newestOf.set(kind, loaded);
    }
  }

  private async rankingOf(
    loaded: Loaded,
    tier: RankingTier,
    scope: string,
    group: string | undefined,
  ): Promise<RankedUnits> {
    const city = this.areas.root.code;
    const stored = loaded.content.rankings[tier];
    const grouped = hasGroups(loaded.content.config, tier) && group !== ALL_GROUPS;
    if (scope === city && stored) {
      const base = grouped ? stored.grouped! : stored.all;
      if (!grouped || group === undefined) return base;
      return {
        groups: base.groups?.filter((g) => g.key === group),
        rows: base.rows.filter((r) => r.group === group),
      };
    }
    const id = `${tier}|${scope}|${group ?? ''}`;
    const hit = loaded.rankings.get(id);
    if (hit) return hit;
    const c = loaded.content;
    let previousRanks: Map<string, number | null> | undefined;
    if (c.previous) {
      const prev = await this.load(loaded.row.kind, c.previous.period, c.previous.version);
      if (prev) {
        const mode = grouped ? undefined : ALL_GROUPS;
        previousRanks = ranksOf(rankIssued(prev.content, this.ctx, tier, scope, mode));
      }
    }
    const ranked = rankIssued(c, this.ctx, tier, scope, group, previousRanks);
    if (loaded.rankings.size >= RANKING_CACHE_MAX) loaded.rankings.clear();
    loaded.rankings.set(id, ranked);
    return ranked;
  }

  /**
   * For live rankings (domain.md §6): the previous period's ranks from its issued assessment, when
   * the newest issued period of that kind is the one before the live period; null otherwise.
   */
  private previousRanksFor(
    tier: RankingTier,
    scope: string,
    period: Period,
    wholeTier: boolean,
  ): ReadonlyMap<string, number | null> | null {
    if (period === 'day') return null;
    const kind = period as AssessmentKind;
    const loaded = this.newestOf.get(kind);
    if (!loaded) return null;
    const now = this.clock.now();
    const prevKey = periodKeyOf(kind, periodRange(kind, now).from - 1);
    if (loaded.row.periodKey !== prevKey) return null;
    const id = `prev|${tier}|${scope}|${wholeTier}`;
    let ranked = loaded.rankings.get(id);
    if (!ranked) {
      try {
        ranked = rankIssued(loaded.content, this.ctx, tier, scope, wholeTier ? ALL_GROUPS : undefined);
      } catch {
        return null;
      }
      if (loaded.rankings.size >= RANKING_CACHE_MAX) loaded.rankings.clear();
      loaded.rankings.set(id, ranked);
    }
    return ranksOf(ranked);
  }

  /**
   * For a replay at T: the previous period's ranks from the version of its assessment that was
   * issued by T (what the live wall compared with then); null where none was.
   */
  async previousRanksAsOf(
    t: number,
    period: Period,
  ): Promise<
    (tier: RankingTier, scope: string, p: Period, wholeTier: boolean) => ReadonlyMap<string, number | null> | null
  > {
    if (period === 'day') return () => null;
    const kind = period as AssessmentKind;
    const prevKey = periodKeyOf(kind, periodRange(kind, t).from - 1);
    const row = (await this.store.versions(kind, prevKey)).filter((r) => r.issuedAtMs <= t).at(-1);
    const loaded = row ? await this.load(kind, prevKey, row.version) : null;
    if (!loaded) return () => null;
    return (tier, scope, _p, wholeTier) => {
      const id = `prev|${tier}|${scope}|${wholeTier}`;
      let ranked = loaded.rankings.get(id);
      if (!ranked) {
        try {
          ranked = rankIssued(loaded.content, this.ctx, tier, scope, wholeTier ? ALL_GROUPS : undefined);
        } catch {
          return null;
        }
        if (loaded.rankings.size >= RANKING_CACHE_MAX) loaded.rankings.clear();
        loaded.rankings.set(id, ranked);
      }
      return ranksOf(ranked);
    };
  }

  private header(row: AssessmentRow): AssessmentHeader {
    return {
      ...versionOf(row),
      kind: row.kind,
      period: row.periodKey,
      label: periodLabel(row.kind, row.periodKey),
      from: toCityIso(row.fromMs),
      to: toCityIso(row.toMs),
      previous:
        row.previousPeriod !== null && row.previousVersion !== null
          ? { period: row.previousPeriod, version: row.previousVersion }
          : null,
    };
  }
}

function cacheId(row: AssessmentRow): string {
  return `${row.kind}|${row.periodKey}|${row.version}`;
}

function versionOf(row: AssessmentRow): AssessmentVersion {
  return {
    version: row.version,
    issuedAt: toCityIso(row.issuedAtMs),
    events: row.events,
    hash: row.hash,
    reason: row.reason,
    issuedBy: row.issuedBy,
  };
}

function refOf(row: AssessmentRow): IssuedRef {
  return { kind: row.kind, period: row.periodKey, version: row.version, issuedAt: toCityIso(row.issuedAtMs) };
}

/** 400 for a `group=` the tier does not have. */
function checkGroup(config: Readonly<DomainConfig>, tier: RankingTier, group: string | undefined): void {
  const error = groupError(config, tier, group);
  if (error) throw new BadRequestException(error);
}
