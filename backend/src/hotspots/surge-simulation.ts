/**
 * Simulated report streams with surges injected at known units, categories and times, and a
 * run of the detector over them: what the quality measurement (hotspot-quality.spec.ts) and
 * the detector's property tests use. The background process is the demo simulator's: its
 * arrival process (`arrivals`: Poisson per minute with the day/night rhythm), a uniformly drawn
 * tier-3 cell and its category mix.
 */
import { CATEGORIES, HOUR_MS, type Category } from '@gridwall/shared';
import type { AreaTree } from '../areas/area-tree';
import { CATEGORY_MIX, arrivals, rhythmAt } from '../simulator/plan';
import { Rng } from '../simulator/rng';
import { SURGE_LEVELS, type ReportSeen, type SurgeDetector, type SurgeLevel, type UnitRef } from './surge-detector';
import { unitsOfNode } from './units';

export { unitsOfNode };

/** The city as the generator and the detector see it. */
export interface SimWorld {
  cells: string[];
  /** Units (district, township, village) of an area node. */
  unitsOf(code: string): readonly UnitRef[];
  /** Tier-3 cells under a unit. */
  cellsOf(unitCode: string): readonly string[];
  /** Every unit of a level. */
  unitsAt(level: SurgeLevel): readonly string[];
}

export function simWorld(tree: AreaTree): SimWorld {
  const cells = tree.ofLevel('cell').map((c) => c.code);
  const units = new Map<string, UnitRef[]>();
  const cellsOf = new Map<string, string[]>();
  for (const c of cells) {
    const us = unitsOfNode(tree, c);
    units.set(c, us);
    for (const u of us) {
      let list = cellsOf.get(u.code);
      if (!list) cellsOf.set(u.code, (list = []));
      list.push(c);
    }
  }
  const byLevel = new Map<SurgeLevel, string[]>(SURGE_LEVELS.map((l) => [l, tree.ofLevel(l).map((n) => n.code)]));
  return {
    cells,
    unitsOf: (code) => units.get(code) ?? unitsOfNode(tree, code),
    cellsOf: (u) => cellsOf.get(u) ?? [],
    unitsAt: (l) => byLevel.get(l) ?? [],
  };
}

const MIX_TOTAL = Object.values(CATEGORY_MIX).reduce((a, b) => a + b, 0);

/** Share of the city's reports a category has. */
export const categoryShare = (c: Category): number => CATEGORY_MIX[c] / MIX_TOTAL;

/** A surge injected: `factor` × the pair's usual rate for `hours` from `start`. */
export interface InjectedSurge {
  unitCode: string;
  level: SurgeLevel;
  category: Category;
  start: number;
  hours: number;
  factor: number;
}

/** The pair's usual reports per day (at the mean of the day's rhythm). */
export function usualPerDay(world: SimWorld, perDay: number, unitCode: string, category: Category): number {
  return perDay * (world.cellsOf(unitCode).length / world.cells.length) * categoryShare(category);
}

/** Reports of [from, to) at `perDay` city-wide, with the surges' extra reports; in time order. */
export function generateReports(
  world: SimWorld,
  options: {
    from: number;
    to: number;
    perDay: number;
    seed: number;
    surges?: readonly InjectedSurge[];
    prefix?: string;
  },
): ReportSeen[] {
  const rng = new Rng(options.seed);
  const prefix = options.prefix ?? 'Q';
  const out: ReportSeen[] = [];
  let n = 0;
  for (const at of arrivals(options.from, options.to, options.perDay, rng)) {
    const gridCode = rng.pick(world.cells);
    out.push({ caseId: `${prefix}${n++}`, at, gridCode, category: rng.weighted(CATEGORY_MIX), open: true });
  }
  for (const s of options.surges ?? []) {
    const cells = world.cellsOf(s.unitCode);
    const perMinute = usualPerDay(world, options.perDay, s.unitCode, s.category) / 1440;
    const end = Math.min(options.to, s.start + s.hours * HOUR_MS);
    for (let m = Math.max(options.from, s.start); m < end; m += 60_000) {
      const k = rng.poisson((s.factor - 1) * perMinute * rhythmAt(m));
      for (let i = 0; i < k; i++) {
        out.push({
          caseId: `${prefix}S${n++}`,
          at: Math.floor(rng.between(m, m + 60_000)),
          gridCode: rng.pick(cells),
          category: s.category,
          open: true,
        });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** A surge raised during a run. */
export interface Raise {
  unitCode: string;
  level: SurgeLevel;
  category: Category;
  at: number;
  clearedAt: number | null;
  windowHours: number;
  count: number;
  expected: number;
  p: number;
}

/**
 * Feeds the reports to the detector as they arrive (each arrival evaluates its pairs; a tick
 * every `tickMs` expires, trims and evaluates everything), evaluating from `evalFrom` on (the
 * reports before only build the baseline). Returns every raise.
 */
export function runDetector(
  detector: SurgeDetector,
  reports: readonly ReportSeen[],
  options: { evalFrom: number; to: number; tickMs: number },
): Raise[] {
  const raises: Raise[] = [];
  const open = new Map<string, Raise>();
  const record = (changes: ReturnType<SurgeDetector['tick']>) => {
    for (const p of changes.raised) {
      const t = p.active!.trigger;
      const r: Raise = {
        unitCode: p.unit.code,
        level: p.unit.level,
        category: p.category,
        at: p.active!.raisedAt,
        clearedAt: null,
        windowHours: t.hours,
        count: t.count,
        expected: t.expected,
        p: t.p,
      };
      raises.push(r);
      open.set(p.key, r);
    }
    for (const c of changes.cleared) {
      const r = open.get(c.pair.key);
      if (r) r.clearedAt = c.at;
      open.delete(c.pair.key);
    }
  };
  let nextTick = options.evalFrom;
  let nextWarm = -Infinity;
  for (const r of reports) {
    if (r.at >= options.to) break;
    while (r.at >= nextTick) {
      record(detector.tick(nextTick));
      nextTick += options.tickMs;
    }
    if (r.at < options.evalFrom && r.at >= nextWarm) {
      detector.advance(r.at, false);
      nextWarm = r.at + HOUR_MS;
    }
    const pairs = detector.observe(r, true, r.at);
    if (r.at >= options.evalFrom) record(detector.evaluate(r.at, pairs));
  }
  for (; nextTick <= options.to; nextTick += options.tickMs) record(detector.tick(nextTick));
  return raises;
}

/** Every category, for drawing surges. */
export const ALL_CATEGORIES: readonly Category[] = CATEGORIES;
