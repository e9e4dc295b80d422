import { PERIODS, periodRange, periodStart, previousPeriodRange, type Category, type Period } from '@gridwall/shared';
import type { CaseState } from '../cases/case-model';
import type { AreaTree } from '../areas/area-tree';
import { KeyIndex } from './key-index';
import { MinHeap } from './min-heap';
import { TrendCounters, type TrendBucketRaw, type TrendGrain } from './trend-counters';

export type { TrendBucketRaw, TrendGrain };
import { NN, NP, P, nextPhaseChange, periodVector, phaseAt, standingVector, type Phase } from './contribution';

/** A case held in memory with the phase its contribution was applied at. */
interface Entry {
  s: CaseState;
  phase: Phase;
  /** Time of the pending phase-change re-evaluation, or null. */
  scheduledAt: number | null;
}

/** Counters of one aggregation key: the scope's total and one per category. */
interface CounterSet {
  total: Float64Array;
  byCategory: Map<Category, Float64Array>;
}

/** Raw counters of a scope for a period, as read by the views. */
export interface RawFigures {
  period: Float64Array;
  standing: Float64Array;
}

/** Key prefix for department aggregates: departments are aggregated like area nodes. */
export const DEPT_PREFIX = 'dept:';

/**
 * The counters of a key (or category) with nothing counted: one shared array per length, read
 * only (never handed to {@link addTo}), so reading an empty unit allocates nothing.
 */
export const ZERO_PERIOD: Float64Array = new Float64Array(NP);
export const ZERO_STANDING: Float64Array = new Float64Array(NN);

/**
 * The live engine's state: every case that can still matter, and incrementally maintained
 * counters per (aggregation key, period kind, period start) and per key for standing figures.
 *
 * Only the current and the previous period of each kind is kept (rankings compare the two);
 * older buckets are dropped at rollover, and cases that can no longer change any kept figure
 * are evicted. Clock-driven transitions (green → yellow → red) are applied by {@link tick}.
 * Pure TypeScript with no I/O: the Nest service around it feeds it states and the clock.
 */
export class LiveState {
  private readonly cases = new Map<string, Entry>();
  /**
   * Period counters: (period kind, period start) as `period|start` → aggregation key → counters.
   * Keyed by the period first so a read looks a unit's key up as it is (no string built per unit).
   */
  private readonly periodBuckets = new Map<string, Map<string, CounterSet>>();
  /** Count of the (key, period, start) counter sets held in {@link periodBuckets}. */
  private periodSets = 0;
  /** The id of the period bucket read last (a ranking reads one bucket for every unit). */
  private lastBucket = { period: '', start: NaN, id: '' };
  private readonly standingBuckets = new Map<string, CounterSet>();
  private readonly heap = new MinHeap();
  private horizon = new Map<Period, number>();
  private currentStart = new Map<Period, number>();
  private dirtyKeys = new Set<string>();
  /** Open cases now yellow or red: the overdue lists read only these. */
  private readonly alerting = new KeyIndex();
  /** Open cases flagged for the joint meeting: the agenda reads only these. */
  private readonly jointOpen = new KeyIndex();
  /** Open cases handled at the city level (escalated to the city): the alerts read only these. */
  private readonly cityOpen = new KeyIndex();
  /** Every open case (the tablet's case lists read only these). */
  private readonly openIdx = new KeyIndex();
  private allDirty = false;
  private readonly trends: TrendCounters;
  /** Change stamps: bumped by every counter change, per key (read caches check them). */
  private stampValue = 0;
  private readonly changedAt = new Map<string, number>();
  private deptStampValue = 0;
  private epochValue = 0;
  private alertStampValue = 0;

  constructor(
    private readonly areas: AreaTree,
    private readonly nearDueFraction: number,
    now: number,
  ) {
    this.trends = new TrendCounters(now);
    this.setHorizons(now);
  }

  /** Number of cases held in memory. */
  get caseCount(): number {
    return this.cases.size;
  }

  /** Number of counter buckets held (for the memory bound checks). */
  get bucketCount(): number {
    return this.periodSets + this.standingBuckets.size + this.trends.size;
  }

  /** The state of a case held in memory. */
  getCase(caseId: string): CaseState | undefined {
    return this.cases.get(caseId)?.s;
  }

  /** Every case held in memory (read-only use). */
  allCases(): IterableIterator<CaseState> {
    const it = this.cases.values();
    return (function* () {
      for (const e of it) yield e.s;
    })();
  }

  /** Aggregation keys a case counts under: its area node and every ancestor, and its department. */
  keysOf(s: CaseState): string[] {
    const node = s.gridCode ? this.areas.get(s.gridCode) : undefined;
    const keys = node ? [...node.ancestors] : [];
    if (s.departmentCode) keys.push(DEPT_PREFIX + s.departmentCode);
    return keys;
  }

  /**
   * Stamp of the last counter change of a key (0: none since the state was built). Equal
   * stamps (and an equal {@link epoch}) mean the key's period and standing counters stand.
   */
  changeStamp(key: string): number {
    return this.changedAt.get(key) ?? 0;
  }

  /** Stamp of the last counter change of any department key. */
  get deptStamp(): number {
    return this.deptStampValue;
  }

  /** Bumped at every period rollover (buckets dropped, every figure may move). */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * Bumped whenever a case is upserted, changes phase or the cases are pruned: while it stands,
   * the open yellow/red cases (and their states and phases) stand.
   */
  get alertStamp(): number {
    return this.alertStampValue;
  }

  /** Replaces a case's state (new events were folded into it) and updates every counter. */
  upsert(s: CaseState, now: number): void {
    this.alertStampValue += 1;
    const old = this.cases.get(s.caseId);
    if (old) this.apply(old.s, old.phase, -1);
    if (old) {
      this.alerting.delete(s.caseId, this.keysOf(old.s));
      this.jointOpen.delete(s.caseId, this.keysOf(old.s));
      this.cityOpen.delete(s.caseId, this.keysOf(old.s));
      this.openIdx.delete(s.caseId, this.keysOf(old.s));
    }
    if (s.status === 'pending' || !this.isRelevant(s)) {
      this.cases.delete(s.caseId);
      return;
    }
    const phase = phaseAt(s, now, this.nearDueFraction);
    const entry: Entry = { s, phase, scheduledAt: old?.scheduledAt ?? null };
    this.cases.set(s.caseId, entry);
    this.apply(s, phase, +1);
    if (phase >= 2) this.alerting.add(s.caseId, this.keysOf(s));
    if (phase > 0 && s.jointMeeting) this.jointOpen.add(s.caseId, this.keysOf(s));
    if (phase > 0 && s.handlerLevel === 'city') this.cityOpen.add(s.caseId, this.keysOf(s));
    if (phase > 0) this.openIdx.add(s.caseId, this.keysOf(s));
    this.schedule(entry, now);
  }

  /**
   * Advances the clock: applies every phase change due by `now` (cases turning yellow or red
   * without a new event) and rolls periods over at midnight Asia/Shanghai.
   */
  tick(now: number): void {
    if (PERIODS.some((p) => periodStart(p, now) !== this.currentStart.get(p))) this.rollover(now);
    for (;;) {
      const t = this.heap.peekTime();
      if (t === undefined || t > now) break;
      const { time, key } = this.heap.pop()!;
      const entry = this.cases.get(key);
      if (!entry || entry.scheduledAt !== time) continue;
      entry.scheduledAt = null;
      const phase = phaseAt(entry.s, now, this.nearDueFraction);
      if (phase !== entry.phase) {
        this.alertStampValue += 1;
        this.apply(entry.s, entry.phase, -1);
        entry.phase = phase;
        this.apply(entry.s, phase, +1);
        if (phase >= 2 && !this.alerting.has(key)) this.alerting.add(key, this.keysOf(entry.s));
        else if (phase < 2 && this.alerting.has(key)) this.alerting.delete(key, this.keysOf(entry.s));
      }
      this.schedule(entry, now);
    }
  }

  /** Period and standing counters of an aggregation key, optionally of one category. */
  figures(key: string, period: Period, now: number, category?: Category): RawFigures {
    const start = periodStart(period, now);
    return this.figuresAt(key, period, start, category);
  }

  /** Period counters of the previous period (for rank changes), with today's standing counters. */
  previousFigures(key: string, period: Period, now: number): RawFigures {
    return this.figuresAt(key, period, previousPeriodRange(period, now).from);
  }

  private figuresAt(key: string, period: Period, start: number, category?: Category): RawFigures {
    const pb = this.periodBuckets.get(this.bucketId(period, start))?.get(key);
    const sb = this.standingBuckets.get(key);
    return { period: pick(pb, category) ?? ZERO_PERIOD, standing: pick(sb, category) ?? ZERO_STANDING };
  }

  /** `period|start`: the id of a period bucket, the last one reused as it is. */
  private bucketId(period: Period, start: number): string {
    const last = this.lastBucket;
    if (last.period !== period || last.start !== start) this.lastBucket = { period, start, id: period + '|' + start };
    return this.lastBucket.id;
  }

  /** Reported/resolved counts per hour (`day` period) or per day, from the period start up to now. */
  trend(key: string, period: Period, now: number): { grain: TrendGrain; buckets: TrendBucketRaw[] } {
    const grain: TrendGrain = period === 'day' ? 'hour' : 'day';
    const { from, to } = periodRange(period, now);
    return { grain, buckets: this.trendRange(key, grain, from, Math.min(to, now + 1)) };
  }

  /** Earliest bucket start the in-memory trend holds for a granularity. */
  trendWindowStart(grain: TrendGrain): number {
    return this.trends.windowStart(grain);
  }

  /** Buckets of `grain` whose start lies in [from, to); `from` is aligned down to a bucket start. */
  trendRange(key: string, grain: TrendGrain, from: number, to: number): TrendBucketRaw[] {
    return this.trends.range(key, grain, from, to);
  }

  /** Open cases in a scope (area code or department key) now yellow (2) or red (3), with their phase. */
  alertingIn(key: string): { s: CaseState; phase: Phase }[] {
    return this.entriesIn(this.alerting, key);
  }

  /** Open cases in a scope flagged for the joint meeting, with their phase. */
  jointIn(key: string): { s: CaseState; phase: Phase }[] {
    return this.entriesIn(this.jointOpen, key);
  }

  /** Every open case in a scope, with its phase. */
  openIn(key: string): { s: CaseState; phase: Phase }[] {
    return this.entriesIn(this.openIdx, key);
  }

  /** Open cases in a scope handled at the city level, with their phase. */
  cityIn(key: string): { s: CaseState; phase: Phase }[] {
    return this.entriesIn(this.cityOpen, key);
  }

  private entriesIn(index: KeyIndex, key: string): { s: CaseState; phase: Phase }[] {
    const out: { s: CaseState; phase: Phase }[] = [];
    for (const id of index.in(key)) {
      const e = this.cases.get(id)!;
      out.push({ s: e.s, phase: e.phase });
    }
    return out;
  }

  /** The phase of a case held in memory (0 when not open or not held). */
  phaseOf(caseId: string): Phase {
    return this.cases.get(caseId)?.phase ?? 0;
  }

  /** Keys whose figures changed since the last call, or 'all' after a rollover. */
  takeDirty(): Set<string> | 'all' {
    if (this.allDirty) {
      this.allDirty = false;
      this.dirtyKeys = new Set();
      return 'all';
    }
    const d = this.dirtyKeys;
    this.dirtyKeys = new Set();
    return d;
  }

  private isRelevant(s: CaseState): boolean {
    if (s.status === 'reported' || s.status === 'open') return true;
    // Kept while any kept bucket holds part of it: its report or its resolution.
    const h = Math.min(this.horizon.get('year')!, this.trends.windowStart('day'));
    return (s.reportedAt !== null && s.reportedAt >= h) || (s.resolvedAt !== null && s.resolvedAt >= h);
  }

  private schedule(entry: Entry, now: number): void {
    const next = nextPhaseChange(entry.s, now, this.nearDueFraction);
    if (next === null) return;
    if (entry.scheduledAt !== null && entry.scheduledAt <= next && entry.scheduledAt > now) return;
    entry.scheduledAt = next;
    this.heap.push(next, entry.s.caseId);
  }

  private apply(s: CaseState, phase: Phase, sign: 1 | -1): void {
    const pv = periodVector(s, phase);
    if (!pv) return;
    const sv = standingVector(s, phase);
    const keys = this.keysOf(s);
    const cat = s.category!;
    // Buckets are the same for every key of the case: find them once.
    const buckets: Map<string, CounterSet>[] = [];
    for (const period of PERIODS) {
      const start = periodStart(period, s.reportedAt!);
      if (start < this.horizon.get(period)!) continue;
      const id = period + '|' + start;
      let bucket = this.periodBuckets.get(id);
      if (!bucket) this.periodBuckets.set(id, (bucket = new Map()));
      buckets.push(bucket);
    }
    const reportedTrend = this.trends.slots(s.reportedAt!);
    const resolvedTrend = pv[P.resolved] === 1 ? this.trends.slots(s.resolvedAt!) : [];
    const stamp = ++this.stampValue;
    if (s.departmentCode) this.deptStampValue = stamp;
    for (const key of keys) {
      this.dirtyKeys.add(key);
      this.changedAt.set(key, stamp);
      for (const b of buckets) addTo(this.periodSet(b, key), cat, pv, sign);
      if (sv) addTo(this.counterSet(this.standingBuckets, key, NN), cat, sv, sign);
      for (const t of reportedTrend) this.trends.bump(key, t, 0, sign);
      for (const t of resolvedTrend) this.trends.bump(key, t, 1, sign);
    }
    if (sv) this.cleanStanding(keys);
  }

  private periodSet(bucket: Map<string, CounterSet>, key: string): CounterSet {
    let set = bucket.get(key);
    if (!set) {
      set = { total: new Float64Array(NP), byCategory: new Map() };
      bucket.set(key, set);
      this.periodSets += 1;
    }
    return set;
  }

  private counterSet(map: Map<string, CounterSet>, key: string, n: number): CounterSet {
    let set = map.get(key);
    if (!set) {
      set = { total: new Float64Array(n), byCategory: new Map() };
      map.set(key, set);
    }
    return set;
  }

  private cleanStanding(keys: string[]): void {
    for (const key of keys) {
      const set = this.standingBuckets.get(key);
      if (set && set.total.every((x) => x === 0)) this.standingBuckets.delete(key);
    }
  }

  private setHorizons(now: number): void {
    for (const p of PERIODS) {
      this.currentStart.set(p, periodStart(p, now));
      this.horizon.set(p, previousPeriodRange(p, now).from);
    }
  }

  private rollover(now: number): void {
    this.setHorizons(now);
    for (const [id, bucket] of this.periodBuckets) {
      const [period, start] = id.split('|');
      if (Number(start) < this.horizon.get(period as Period)!) {
        this.periodBuckets.delete(id);
        this.periodSets -= bucket.size;
      }
    }
    this.trends.rollover(now);
    for (const [id, e] of this.cases) {
      if (!this.isRelevant(e.s)) this.cases.delete(id);
    }
    this.epochValue += 1;
    this.alertStampValue += 1;
    this.allDirty = true;
  }
}

/** The counters of a set: its total, or one category's; undefined when none are held. */
function pick(set: CounterSet | undefined, category: Category | undefined): Float64Array | undefined {
  if (!set) return undefined;
  return category ? set.byCategory.get(category) : set.total;
}

function addTo(set: CounterSet, category: Category, v: Float64Array, sign: 1 | -1): void {
  let c = set.byCategory.get(category);
  if (!c) {
    c = new Float64Array(v.length);
    set.byCategory.set(category, c);
  }
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) {
      set.total[i] += sign * v[i];
      c[i] += sign * v[i];
    }
  }
}
