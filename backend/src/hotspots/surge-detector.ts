import { CATEGORIES, HOUR_MS, type Category } from '@gridwall/shared';
import { HourCounts } from './hour-counts';
import { binomialUpperTail, taroneFactor } from './surge-math';

/**
 * Surge detection per unit × category (docs/hotspots.md): for each pair, the reports of the
 * last W hours (several W: a short scan catches a sharp rise early, the long window a slow one)
 * against the pair's own reports in the same hours of the week over the previous weeks, with
 * an exact conditional binomial test (two Poisson counts compared given their sum), the city's
 * report volume as the exposure of both, Tarone's discrete Bonferroni correction over every
 * pair and window, a minimum count and a minimum ratio. No database, no clock of its own:
 * every call says what time it is, so tests and the quality measurement drive it directly.
 */

/** Area levels surges are looked for at. */
export const SURGE_LEVELS = ['district', 'township', 'village'] as const;
export type SurgeLevel = (typeof SURGE_LEVELS)[number];

/** The parameters of the method (docs/hotspots.md lists each one's reason). */
export interface SurgeParams {
  /** The window shown ("近24小时 14 件") and tested, hours. */
  windowHours: number;
  /** Shorter windows tested as well (each < windowHours), hours. */
  scanHours: readonly number[];
  /** Weeks of the pair's own history its baseline comes from. */
  baselineWeeks: number;
  /** Each week's baseline band is the window's hours widened by this much on both sides. */
  padHours: number;
  /** Family-wise error of one evaluation over every pair and window (Tarone-corrected). */
  alpha: number;
  /** A window fires only with at least this many reports in it. */
  minCount: number;
  /** … and at least this many times its expected count. */
  minRatio: number;
  /** A hotspot clears once no window is above its usual range at this uncorrected level. */
  clearP: number;
  /** City-wide reports needed in the baseline bands of a window before it is tested (warm-up). */
  minCityBaseline: number;
  /** How often the Tarone factor is recomputed, ms. */
  taroneEveryMs: number;
}

export const DEFAULT_SURGE_PARAMS: SurgeParams = {
  windowHours: 24,
  scanHours: [1, 2, 4, 8],
  baselineWeeks: 8,
  padHours: 2,
  alpha: 0.05,
  minCount: 3,
  minRatio: 2,
  clearP: 0.01,
  minCityBaseline: 50,
  taroneEveryMs: HOUR_MS,
};

/** One unit a report counts in. */
export interface UnitRef {
  code: string;
  level: SurgeLevel;
}

/** A report as the detector sees it. */
export interface ReportSeen {
  caseId: string;
  /** Report time, epoch ms. */
  at: number;
  gridCode: string;
  category: Category;
  /** Not resolved, closed or rejected. */
  open: boolean;
}

/** A report of the last hours, with the pairs it counts in. */
interface RecentReport extends ReportSeen {
  pairs: Pair[];
}

/** The test of one window of one pair at one moment. */
export interface WindowTest {
  hours: number;
  /** Reports in [t − hours, t). */
  count: number;
  /** The usual count: the pair's baseline reports scaled by the city's volume now. */
  expected: number;
  /** Reports in the window and its baseline bands. */
  n: number;
  /** Share of the city's reports (window + bands) that fall in the window. */
  share: number;
  /** P(X ≥ count), X ~ Binomial(n, share): uncorrected. */
  p: number;
  /** The corrected level p must reach (α / Tarone factor); Infinity until the baseline is warm. */
  threshold: number;
  /** p ≤ threshold with the minimum count and ratio met. */
  fires: boolean;
}

/** A raised surge of one pair. */
export interface ActiveSurge {
  raisedAt: number;
  /** Highest count of the main window since raised, and when. */
  peakCount: number;
  peakAt: number;
  /** Expected count of the main window at the peak. */
  peakExpected: number;
  /** Smallest uncorrected p of any window since raised. */
  minP: number;
  /** The window test that raised it. */
  trigger: WindowTest;
  /** The latest tests, main window first. */
  tests: WindowTest[];
  /** Set when peak or minP moved (the service stores it and resets the flag). */
  dirty: boolean;
  /** The service's id of the stored hotspot, once stored. */
  id?: string;
}

/** One unit × category series. */
export interface Pair {
  /** Dense number of the pair (index into per-pair arrays). */
  index: number;
  key: string;
  unit: UnitRef;
  category: Category;
  hours: HourCounts;
  /** Reports of the last hours, oldest first. */
  recent: RecentReport[];
  active: ActiveSurge | null;
}

/** What an evaluation changed. */
export interface SurgeChanges {
  raised: Pair[];
  cleared: { pair: Pair; surge: ActiveSurge; at: number }[];
  /** Active pairs whose figures moved. */
  updated: Pair[];
}

/** City-wide figures of one window at one moment. */
interface WindowContext {
  hours: number;
  from: number;
  /** Baseline bands as hour ranges [a, b). */
  bands: [number, number][];
  cityNow: number;
  cityBase: number;
  share: number;
  ready: boolean;
}

/** The pairs (by index) of the reports of one hour, one entry per report. */
class HourBucket {
  ids = new Int32Array(16);
  len = 0;

  push(id: number): void {
    if (this.len === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.len++] = id;
  }

  remove(id: number): void {
    for (let i = this.len - 1; i >= 0; i--) {
      if (this.ids[i] === id) {
        this.ids[i] = this.ids[--this.len];
        return;
      }
    }
  }
}

const CATEGORY_INDEX = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<Category, number>;

const emptyChanges = (): SurgeChanges => ({ raised: [], cleared: [], updated: [] });

/** First index in `list` (from `lo`) whose `at` is ≥ t. */
function lowerBoundAt(list: readonly { at: number }[], t: number, lo = 0): number {
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts in `at` order (an append when in order). */
function insertByAt<T extends { at: number }>(list: T[], item: T): void {
  if (list.length === 0 || list[list.length - 1].at <= item.at) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at <= item.at) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

function removeItem<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

export class SurgeDetector {
  readonly params: SurgeParams;
  /** Window lengths tested, main window first. */
  readonly windows: number[];
  private readonly pairs = new Map<string, Pair>();
  /** Every pair by index. Pairs are never dropped: there are at most units × categories. */
  private readonly pairList: Pair[] = [];
  /** Per hour, the pairs its reports count in: the Tarone factor sums bands over all pairs at once. */
  private readonly buckets = new Map<number, HourBucket>();
  /** The pairs of each unit, by category index (the hot path avoids building keys). */
  private readonly byUnit = new Map<string, (Pair | undefined)[]>();
  private readonly city = new HourCounts();
  /** Reports of the last hours by case id (counted once; corrections move them). */
  private readonly recentById = new Map<string, RecentReport>();
  /** The same, oldest first. */
  private recentList: RecentReport[] = [];
  private readonly candidates = new Set<Pair>();
  private readonly raised = new Set<Pair>();
  private tarone: number | null = null;
  private taroneAt = -Infinity;
  private lastTrimHour = -Infinity;
  private lastEvalHour = -Infinity;
  private ctxAt = Number.NaN;
  private ctx: WindowContext[] = [];
  private nBuffers: Float64Array[] = [];

  constructor(
    params: Partial<SurgeParams>,
    /** The units a report at this area node counts in (district, township, village above it). */
    private readonly unitsOf: (gridCode: string) => readonly UnitRef[],
  ) {
    this.params = { ...DEFAULT_SURGE_PARAMS, ...params };
    const p = this.params;
    if (!(p.windowHours >= 1) || !Number.isInteger(p.windowHours)) throw new RangeError('windowHours: whole hours ≥ 1');
    for (const h of p.scanHours)
      if (!Number.isInteger(h) || h < 1 || h >= p.windowHours)
        throw new RangeError('scanHours: whole hours, each shorter than windowHours');
    this.windows = [p.windowHours, ...[...new Set(p.scanHours)].sort((a, b) => a - b)];
  }

  /** Hours of reports kept per pair (the baseline weeks, the window and the bands). */
  private get keepHours(): number {
    return this.params.baselineWeeks * 168 + this.params.windowHours + this.params.padHours + 2;
  }

  /** How long a report stays in the recent list (the main window and an hour more). */
  private get recentMs(): number {
    return (this.params.windowHours + 1) * HOUR_MS;
  }

  /** Number of pairs held. */
  get pairCount(): number {
    return this.pairs.size;
  }

  /** Reports held in the recent list. */
  get recentCount(): number {
    return this.recentList.length;
  }

  /** The Tarone factor in force (null before the first computation). */
  get factor(): number | null {
    return this.tarone;
  }

  /** The pair of a unit and category, if held. */
  pair(unitCode: string, category: Category): Pair | undefined {
    return this.pairs.get(`${unitCode}|${category}`);
  }

  /** Every pair with a raised surge. */
  activePairs(): Pair[] {
    return [...this.raised];
  }

  /** True when a case is held in the recent list. */
  holds(caseId: string): boolean {
    return this.recentById.has(caseId);
  }

  /**
   * Takes a report in. `isNewReport`: the caller knows this report was not counted before (at
   * rebuild; or its `reported` event is in this commit). A case held in the recent list is
   * counted once whatever the flag: a later state only updates it (open/closed), or moves it
   * when its report time, place or category changed. Returns the pairs whose counts (or open
   * cases) changed.
   */
  observe(r: ReportSeen, isNewReport: boolean, now: number): Pair[] {
    const held = this.recentById.get(r.caseId);
    if (held) {
      if (held.at === r.at && held.gridCode === r.gridCode && held.category === r.category) {
        const changed = held.open !== r.open;
        held.open = r.open;
        return changed ? held.pairs : [];
      }
      this.uncount(held);
    } else if (!isNewReport) {
      return [];
    }
    return this.count(r, now);
  }

  private count(r: ReportSeen, now: number): Pair[] {
    const units = this.unitsOf(r.gridCode);
    if (units.length === 0) return [];
    const h = Math.floor(r.at / HOUR_MS);
    const pairs = units.map((u) => this.pairOf(u, r.category));
    this.ctxAt = Number.NaN;
    this.city.add(h, 1);
    let bucket = this.buckets.get(h);
    if (!bucket) this.buckets.set(h, (bucket = new HourBucket()));
    for (const p of pairs) {
      p.hours.add(h, 1);
      bucket.push(p.index);
    }
    if (r.at >= now - this.recentMs) {
      const rec: RecentReport = {
        caseId: r.caseId,
        at: r.at,
        gridCode: r.gridCode,
        category: r.category,
        open: r.open,
        pairs,
      };
      this.recentById.set(r.caseId, rec);
      insertByAt(this.recentList, rec);
      for (const p of pairs) {
        insertByAt(p.recent, rec);
        if (p.recent.length >= this.params.minCount) this.candidates.add(p);
      }
    }
    return pairs;
  }

  private uncount(rec: RecentReport): void {
    const h = Math.floor(rec.at / HOUR_MS);
    this.city.add(h, -1);
    const bucket = this.buckets.get(h);
    for (const p of rec.pairs) {
      p.hours.add(h, -1);
      bucket?.remove(p.index);
      removeItem(p.recent, rec);
    }
    removeItem(this.recentList, rec);
    this.recentById.delete(rec.caseId);
    this.ctxAt = Number.NaN;
  }

  private pairOf(unit: UnitRef, category: Category): Pair {
    let row = this.byUnit.get(unit.code);
    if (!row) this.byUnit.set(unit.code, (row = []));
    const i = CATEGORY_INDEX[category];
    let p = row[i];
    if (!p) {
      const key = `${unit.code}|${category}`;
      p = { index: this.pairList.length, key, unit, category, hours: new HourCounts(), recent: [], active: null };
      this.pairs.set(key, p);
      this.pairList.push(p);
      row[i] = p;
    }
    return p;
  }

  /**
   * Marks a pair as raised since `raisedAt` (a hotspot stored before a restart), so it clears by
   * the clearing rule rather than having to fire again.
   */
  restore(unit: UnitRef, category: Category, surge: Omit<ActiveSurge, 'tests' | 'dirty'>): Pair {
    const p = this.pairOf(unit, category);
    p.active = { ...surge, tests: [surge.trigger], dirty: false };
    this.raised.add(p);
    return p;
  }

  /**
   * Moves time to `now`: expires old reports, trims old hours, recomputes the Tarone factor when
   * due, and evaluates every pair that could fire or is raised.
   */
  tick(now: number): SurgeChanges {
    this.advance(now);
    // Without a new report a pair's count only falls; its baseline moves when the hour does.
    const H = Math.round(now / HOUR_MS);
    const all = H !== this.lastEvalHour;
    this.lastEvalHour = H;
    return this.evaluate(now, all ? [...this.candidates, ...this.activePairs()] : this.activePairs());
  }

  /** Evaluates the given pairs at `now` (after a report arrived). */
  evaluate(now: number, pairs: Iterable<Pair>): SurgeChanges {
    if (this.tarone === null) this.recomputeFactor(now);
    const out = emptyChanges();
    const seen = new Set<Pair>();
    for (const p of pairs) {
      if (seen.has(p)) continue;
      seen.add(p);
      this.evaluatePair(p, now, out);
    }
    return out;
  }

  /** Moves time to `now` without evaluating: expires old reports and trims old hours (loading history). */
  advance(now: number, recomputeFactor = true): void {
    const cutoff = now - this.recentMs;
    let drop = 0;
    while (drop < this.recentList.length && this.recentList[drop].at < cutoff) drop++;
    if (drop > 0) {
      const gone = this.recentList.splice(0, drop);
      const touched = new Set<Pair>();
      for (const r of gone) {
        this.recentById.delete(r.caseId);
        for (const p of r.pairs) touched.add(p);
      }
      for (const p of touched) {
        const k = lowerBoundAt(p.recent, cutoff);
        if (k > 0) p.recent.splice(0, k);
        if (p.recent.length < this.params.minCount) this.candidates.delete(p);
      }
      this.ctxAt = Number.NaN;
    }
    // Old hours go once a day (a day more is kept meanwhile).
    const hour = Math.floor(now / HOUR_MS);
    if (hour - this.lastTrimHour >= 24 || hour < this.lastTrimHour) {
      this.lastTrimHour = hour;
      const min = hour - this.keepHours;
      this.city.trimBefore(min);
      for (const p of this.pairList) p.hours.trimBefore(min);
      for (const h of this.buckets.keys()) if (h < min) this.buckets.delete(h);
    }
    if (recomputeFactor && (now - this.taroneAt >= this.params.taroneEveryMs || now < this.taroneAt))
      this.recomputeFactor(now);
  }

  /** City-wide figures of each window at `now` (cached for one moment). */
  private contexts(now: number): WindowContext[] {
    if (this.ctxAt === now) return this.ctx;
    const H = Math.round(now / HOUR_MS);
    const { baselineWeeks, padHours, minCityBaseline } = this.params;
    this.ctx = this.windows.map((w) => {
      const from = now - w * HOUR_MS;
      const bands: [number, number][] = [];
      for (let k = 1; k <= baselineWeeks; k++) bands.push([H - w - padHours - 168 * k, H + padHours - 168 * k]);
      const cityNow = this.countBetween(this.recentList, from, now);
      let cityBase = 0;
      for (const [a, b] of bands) cityBase += this.city.sum(a, b);
      const share = cityNow + cityBase > 0 ? cityNow / (cityNow + cityBase) : 0;
      return { hours: w, from, bands, cityNow, cityBase, share, ready: cityBase >= minCityBaseline && cityNow > 0 };
    });
    this.ctxAt = now;
    return this.ctx;
  }

  private countBetween(list: readonly { at: number }[], from: number, to: number): number {
    return lowerBoundAt(list, to) - lowerBoundAt(list, from);
  }

  /** The pair's reports in each window's baseline bands (windows in {@link windows} order). */
  private baseSums(p: Pair, H: number): number[] {
    const out = this.windows.map(() => 0);
    p.hours.bandSums(H, this.params.baselineWeeks, this.params.padHours, this.windows, out);
    return out;
  }

  /** Tests every window of a pair at `now`, main window first. */
  test(p: Pair, now: number): WindowTest[] {
    const threshold = this.tarone === null ? 0 : this.params.alpha / this.tarone;
    const base = this.baseSums(p, Math.round(now / HOUR_MS));
    return this.contexts(now).map((c, w) => {
      const count = this.countBetween(p.recent, c.from, now);
      const n = count + base[w];
      const expected = c.cityBase > 0 ? (base[w] * c.cityNow) / c.cityBase : 0;
      const pv = c.ready ? binomialUpperTail(count, n, c.share) : 1;
      const fires =
        c.ready && count >= this.params.minCount && count >= this.params.minRatio * expected && pv <= threshold;
      return { hours: c.hours, count, expected, n, share: c.share, p: pv, threshold: c.ready ? threshold : 0, fires };
    });
  }

  private evaluatePair(p: Pair, now: number, out: SurgeChanges): void {
    const tests = this.test(p, now);
    const main = tests[0];
    if (p.active === null) {
      const firing = tests.filter((t) => t.fires);
      if (firing.length === 0) return;
      const trigger = firing.reduce((a, b) => (b.p / b.threshold < a.p / a.threshold ? b : a));
      p.active = {
        raisedAt: now,
        peakCount: main.count,
        peakAt: now,
        peakExpected: main.expected,
        minP: Math.min(...tests.map((t) => t.p)),
        trigger,
        tests,
        dirty: true,
      };
      this.raised.add(p);
      out.raised.push(p);
      return;
    }
    const a = p.active;
    const before = a.tests[0];
    a.tests = tests;
    const still = tests.some((t) => t.count >= this.params.minCount && t.p <= this.params.clearP);
    if (!still) {
      p.active = null;
      this.raised.delete(p);
      out.cleared.push({ pair: p, surge: a, at: now });
      return;
    }
    if (main.count > a.peakCount) {
      a.peakCount = main.count;
      a.peakAt = now;
      a.peakExpected = main.expected;
      a.dirty = true;
    }
    const minP = Math.min(...tests.map((t) => t.p));
    if (minP < a.minP) {
      a.minP = minP;
      a.dirty = true;
    }
    if (!before || before.count !== main.count || Math.abs(before.expected - main.expected) >= 0.05)
      out.updated.push(p);
  }

  /**
   * Tarone's factor over every (pair, window) at `now`: a test counts when its smallest
   * achievable p (every report of window and bands in the window: share^n) could reach α/K.
   */
  recomputeFactor(now: number): number {
    const ctx = this.contexts(now);
    const { minCount, baselineWeeks: weeks, padHours: pad } = this.params;
    const ws = this.windows;
    const size = this.pairList.length;
    // n[w][pair]: reports of the pair in window w and its baseline bands.
    if (this.nBuffers.length !== ws.length || this.nBuffers[0].length < size)
      this.nBuffers = ws.map(() => new Float64Array(Math.max(1024, size * 2)));
    const n = this.nBuffers;
    for (const b of n) b.fill(0, 0, size);
    const H = Math.round(now / HOUR_MS);
    for (let k = 1; k <= weeks; k++) {
      for (let h = H - ws[0] - pad - 168 * k; h < H + pad - 168 * k; h++) {
        const bucket = this.buckets.get(h);
        if (!bucket) continue;
        const r = H - h - 168 * k - pad;
        const ids = bucket.ids;
        const len = bucket.len;
        for (let w = 0; w < ws.length; w++) {
          if (r > ws[w]) continue;
          const nw = n[w];
          for (let i = 0; i < len; i++) nw[ids[i]] += 1;
        }
      }
    }
    for (let w = 0; w < ws.length; w++) {
      const nw = n[w];
      const from = ctx[w].from;
      for (let i = lowerBoundAt(this.recentList, from); i < this.recentList.length; i++) {
        const r = this.recentList[i];
        if (r.at >= now) break;
        for (let j = 0; j < r.pairs.length; j++) nw[r.pairs[j].index] += 1;
      }
    }
    const counts = ctx.map(() => [] as number[]);
    for (let w = 0; w < ws.length; w++) {
      if (!ctx[w].ready) continue;
      const nw = n[w];
      const cw = counts[w];
      for (let i = 0; i < size; i++) {
        const x = nw[i];
        if (x >= minCount) cw[x] = (cw[x] ?? 0) + 1;
      }
    }
    const groups = ctx.map((c, w) => ({
      logBase: c.ready && c.share > 0 ? Math.log(c.share) : 0,
      counts: Array.from(counts[w], (x) => x ?? 0),
    }));
    this.tarone = taroneFactor(groups, this.params.alpha);
    this.taroneAt = now;
    return this.tarone;
  }

  /** Open reports of the pair in its main window, newest first (at most `limit`), and their total. */
  openCases(p: Pair, now: number, limit: number): { ids: string[]; total: number } {
    const from = now - this.params.windowHours * HOUR_MS;
    const ids: string[] = [];
    let total = 0;
    for (let i = p.recent.length - 1; i >= 0; i--) {
      const r = p.recent[i];
      if (r.at < from) break;
      if (r.at >= now || !r.open) continue;
      total += 1;
      if (ids.length < limit) ids.push(r.caseId);
    }
    return { ids, total };
  }

  /**
   * Hourly counts of the pair over the `hours` whole hours ending with the current one, with the
   * usual count of each hour (its baseline hours scaled by the city's volume in that hour).
   */
  trend(p: Pair, now: number, hours: number): { fromHour: number; counts: number[]; expected: number[] } {
    const last = Math.floor(now / HOUR_MS);
    const fromHour = last - hours + 1;
    const counts: number[] = [];
    const expected: number[] = [];
    const weeks = this.params.baselineWeeks;
    for (let h = fromHour; h <= last; h++) {
      counts.push(p.hours.sum(h, h + 1));
      let base = 0;
      let cityBase = 0;
      for (let k = 1; k <= weeks; k++) {
        base += p.hours.sum(h - 168 * k, h - 168 * k + 1);
        cityBase += this.city.sum(h - 168 * k, h - 168 * k + 1);
      }
      const cityNow = this.city.sum(h, h + 1);
      expected.push(cityBase > 0 ? (base * cityNow) / cityBase : 0);
    }
    return { fromHour, counts, expected };
  }
}
