/**
 * Measured quality of the surge detector (issue 15 §4): recall and time to detection of surges
 * injected at known units, categories and times, and false alarms per day city-wide on history
 * with none injected. Simulated Zhengzhou (3,529 units × 8 categories) at the demo's 4,000 reports
 * a day, 8 weeks of baseline, 14 days measured; fixed dates and seeds, so the figures are the
 * same on every run and at any moment the suite runs at. Prints the figures and writes them to
 * test-results/hotspot-quality.json. Method and the reasoning behind the classes: docs/hotspots.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DAY_MS, HOUR_MS, toCityIso } from '@gridwall/shared';
import { PROJECT_ROOT } from '../database/database-options';
import { Rng } from '../simulator/rng';
import { zhengzhouTree } from '../testing/fixtures';
import { SurgeDetector, type SurgeLevel } from './surge-detector';
import {
  generateReports,
  runDetector,
  simWorld,
  usualPerDay,
  type InjectedSurge,
  type Raise,
  type SimWorld,
} from './surge-simulation';

const PER_DAY = 4000;
/** A Monday, city time: 8 baseline weeks, then 14 measured days. */
const START = Date.parse('2026-09-07T00:00:00+08:00');
const EVAL_FROM = START + 56 * DAY_MS;
const EVAL_DAYS = 14;
const END = EVAL_FROM + EVAL_DAYS * DAY_MS;
/** Production cadence: each arrival evaluates its pairs; the tick runs every minute in the server. */
const TICK_MS = 5 * 60_000;

interface SurgeClass {
  name: string;
  level: SurgeLevel;
  /** Usual reports a day of the pair, [min, max). */
  usual: [number, number];
  factor: number;
  hours: number;
  /** Most surges of the class (all qualifying pairs when fewer). */
  count: number;
}

const CLASSES: SurgeClass[] = [
  // The target: 4× for 12 h where 2 h of it can show (≥ 2.5 reports an hour usually, see docs).
  {
    name: 'target: district × category, ≥ 60/day, 4× for 12 h',
    level: 'district',
    usual: [60, 1e9],
    factor: 4,
    hours: 12,
    count: 25,
  },
  {
    name: 'district × category, 20–60/day, 4× for 12 h',
    level: 'district',
    usual: [20, 60],
    factor: 4,
    hours: 12,
    count: 15,
  },
  {
    name: 'township × category, ≥ 5/day, 4× for 12 h',
    level: 'township',
    usual: [5, 1e9],
    factor: 4,
    hours: 12,
    count: 30,
  },
  // The example: "14 in a day against 3 in a usual one".
  {
    name: 'township × category, 2–4/day, 8× for 12 h (≈ 14 in a day vs 3)',
    level: 'township',
    usual: [2, 4],
    factor: 8,
    hours: 12,
    count: 20,
  },
];

/** Surges of every class: distinct (district, category) so no two share a series; daytime starts. */
function drawSurges(world: SimWorld, tree: ReturnType<typeof zhengzhouTree>): (InjectedSurge & { cls: number })[] {
  const rng = new Rng(2026);
  const taken = new Set<string>();
  const out: (InjectedSurge & { cls: number })[] = [];
  CLASSES.forEach((c, cls) => {
    const pairs = world
      .unitsAt(c.level)
      .flatMap((u) => CATEGORIES.map((cat) => ({ u, cat, usual: usualPerDay(world, PER_DAY, u, cat) })))
      .filter((p) => p.usual >= c.usual[0] && p.usual < c.usual[1]);
    // Deterministic shuffle.
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    let n = 0;
    for (const p of pairs) {
      if (n >= c.count) break;
      const district = tree.ancestorAt(p.u, 'district')!.code;
      if (taken.has(`${district}|${p.cat}`)) continue;
      taken.add(`${district}|${p.cat}`);
      // Day 1–12 of the measured days, starting between 08:00 and 14:00 city time.
      const day = EVAL_FROM + (1 + rng.int(EVAL_DAYS - 2)) * DAY_MS;
      const start = day + Math.floor((8 + 6 * rng.next()) * HOUR_MS);
      out.push({ unitCode: p.u, level: c.level, category: p.cat, start, hours: c.hours, factor: c.factor, cls });
      n += 1;
    }
  });
  return out;
}

interface ClassResult {
  name: string;
  surges: number;
  found: number;
  recall: number;
  within2h: number;
  within2hShare: number;
  medianHours: number | null;
  p90Hours: number | null;
}

const quantile = (sorted: number[], q: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

describe('hotspot detection quality (simulated Zhengzhou, 4,000 reports a day)', () => {
  const tree = zhengzhouTree();
  const world = simWorld(tree);
  const results: { falseAlarmsPerDay?: number; falseAlarms?: Raise[]; classes?: ClassResult[] } = {};

  it('false alarms per day city-wide on history with no surge: at most 1', () => {
    const reports = generateReports(world, { from: START, to: END, perDay: PER_DAY, seed: 11 });
    const d = new SurgeDetector({}, world.unitsOf);
    const raises = runDetector(d, reports, { evalFrom: EVAL_FROM, to: END, tickMs: TICK_MS });
    results.falseAlarms = raises;
    results.falseAlarmsPerDay = raises.length / EVAL_DAYS;
    process.stdout.write(
      `\nhotspot quality — false alarms: ${raises.length} in ${EVAL_DAYS} days = ${results.falseAlarmsPerDay.toFixed(2)} a day ` +
        `(${reports.length} reports, ${d.pairCount} unit × category series)\n` +
        raises
          .map(
            (r) =>
              `  ${toCityIso(r.at)} ${r.level} ${r.unitCode} ${r.category}: ${r.count} in ${r.windowHours} h vs ${r.expected.toFixed(1)} usual, p ${r.p.toExponential(1)}\n`,
          )
          .join(''),
    );
    expect(results.falseAlarmsPerDay).toBeLessThanOrEqual(1);
  }, 180_000);

  it('recall and time to detection of injected surges: target ≥ 90 % found, ≥ 90 % of them within 2 h', () => {
    const surges = drawSurges(world, tree);
    const reports = generateReports(world, { from: START, to: END, perDay: PER_DAY, seed: 11, surges });
    const d = new SurgeDetector({}, world.unitsOf);
    const raises = runDetector(d, reports, { evalFrom: EVAL_FROM, to: END, tickMs: TICK_MS });
    const classes: ClassResult[] = CLASSES.map((c, cls) => {
      const mine = surges.filter((s) => s.cls === cls);
      const delays: number[] = [];
      for (const s of mine) {
        const hit = raises.find(
          (r) =>
            r.unitCode === s.unitCode &&
            r.category === s.category &&
            r.at >= s.start &&
            r.at < s.start + s.hours * HOUR_MS,
        );
        if (hit) delays.push((hit.at - s.start) / HOUR_MS);
      }
      delays.sort((a, b) => a - b);
      const within2h = delays.filter((x) => x <= 2).length;
      return {
        name: c.name,
        surges: mine.length,
        found: delays.length,
        recall: delays.length / Math.max(1, mine.length),
        within2h,
        within2hShare: within2h / Math.max(1, mine.length),
        medianHours: quantile(delays, 0.5),
        p90Hours: quantile(delays, 0.9),
      };
    });
    results.classes = classes;
    process.stdout.write(
      `\nhotspot quality — injected surges (found = raised at that unit and category while the surge lasted):\n` +
        classes
          .map(
            (c) =>
              `  ${c.name}: ${c.found}/${c.surges} found (${(c.recall * 100).toFixed(0)} %), ` +
              `${c.within2h} within 2 h (${(c.within2hShare * 100).toFixed(0)} %), ` +
              `time to detection median ${fmt(c.medianHours)} h, p90 ${fmt(c.p90Hours)} h\n`,
          )
          .join(''),
    );
    const dir = join(PROJECT_ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'hotspot-quality.json'),
      JSON.stringify(
        {
          perDay: PER_DAY,
          measuredDays: EVAL_DAYS,
          params: d.params,
          falseAlarmsPerDay: results.falseAlarmsPerDay ?? null,
          classes,
        },
        null,
        2,
      ),
    );
    const [target, , township, example] = classes;
    expect(target.surges).toBe(25);
    expect(target.recall).toBeGreaterThanOrEqual(0.9);
    expect(target.within2hShare).toBeGreaterThanOrEqual(0.9);
    // Below the target's volume the 2 h goal is out of reach (docs/hotspots.md); these floors
    // only guard against the method getting worse.
    expect(township.recall).toBeGreaterThanOrEqual(0.25);
    expect(example.recall).toBeGreaterThanOrEqual(0.5);
  }, 180_000);
});
