import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY_MS, HOUR_MS, type Category } from '@gridwall/shared';
import { AreaTree } from '../areas/area-tree';
import { zhengzhouAreas } from '../areas/seed-data';
import { TEST_NOW } from '../testing/test-clock';
import { HourCounts } from './hour-counts';
import { SurgeDetector, type ReportSeen, type UnitRef } from './surge-detector';
import { binomialUpperTail } from './surge-math';
import { generateReports, runDetector, simWorld } from './surge-simulation';

/** Codes `D1.T1.V1.C1`: a report at a cell counts in its village, township and district. */
const unitsOf = (code: string): UnitRef[] => {
  const [d, t, v] = code.split('.');
  return [
    { code: d, level: 'district' as const },
    { code: `${d}.${t}`, level: 'township' as const },
    { code: `${d}.${t}.${v}`, level: 'village' as const },
  ];
};

/** An hour boundary near the test moment (a whole hour keeps the band arithmetic readable). */
const T = Math.floor(TEST_NOW / HOUR_MS) * HOUR_MS;
let seq = 0;
const report = (at: number, gridCode: string, category: Category = 'illegal_business'): ReportSeen => ({
  caseId: `C${seq++}`,
  at,
  gridCode,
  category,
  open: true,
});

describe('hour counts', () => {
  it('sums ranges, takes late reports in place, trims', () => {
    const h = new HourCounts();
    for (const x of [10, 12, 12, 15, 11, 9, 30]) h.add(x);
    expect(h.total).toBe(7);
    expect(h.sum(9, 13)).toBe(5);
    expect(h.sum(12, 13)).toBe(2);
    expect(h.sum(13, 30)).toBe(1);
    h.add(12, -1);
    expect(h.sum(12, 13)).toBe(1);
    h.trimBefore(12);
    expect(h.total).toBe(3);
    expect(h.sum(0, 100)).toBe(3);
    const out = [0, 0];
    // Bands of weeks 1–2 around H = 200 + 168: hours with d = H − h in (168k − 1, 168k + w + 1].
    const b = new HourCounts();
    for (const x of [200, 200 - 168, 199, 180]) b.add(x);
    b.bandSums(200 + 168, 2, 1, [24, 2], out);
    expect(out).toEqual([4, 3]);
  });
});

describe('surge detector', () => {
  it('tests a window with the exact conditional binomial tail against its own baseline', () => {
    const d = new SurgeDetector({ scanHours: [] }, unitsOf);
    // Eight weeks of history: each week, 2 reports of the pair and 10 elsewhere, 12 h before
    // the same time of week.
    for (let k = 1; k <= 8; k++) {
      const at = T - k * 7 * DAY_MS - 12 * HOUR_MS;
      for (let i = 0; i < 2; i++) d.observe(report(at + i, 'A.1.1.1'), true, T);
      for (let i = 0; i < 10; i++) d.observe(report(at + i, 'B.1.1.1', 'public_service'), true, T);
    }
    // The last day: 6 reports of the pair, 10 elsewhere.
    for (let i = 0; i < 6; i++) d.observe(report(T - HOUR_MS - i * 60_000, 'A.1.1.1'), true, T);
    for (let i = 0; i < 10; i++) d.observe(report(T - 5 * HOUR_MS - i, 'B.1.1.1', 'public_service'), true, T);
    d.recomputeFactor(T);
    const [main] = d.test(d.pair('A.1.1', 'illegal_business')!, T);
    expect(main.count).toBe(6);
    expect(main.n).toBe(6 + 16);
    // Share of the city's reports in the window: 16 now against 96 in the baseline bands.
    expect(main.share).toBeCloseTo(16 / 112, 12);
    expect(main.expected).toBeCloseTo((16 * 16) / 96, 12);
    expect(main.p).toBe(binomialUpperTail(6, 22, 16 / 112));
    expect(main.p).toBeGreaterThan(0.01);
    expect(main.fires).toBe(false);
  });

  it('never fires on one report, even where nothing was ever reported', () => {
    const d = new SurgeDetector({}, unitsOf);
    for (let h = 8 * 168 + 30; h > 0; h--)
      for (let i = 0; i < 3; i++) d.observe(report(T - h * HOUR_MS + i, `B.${i}.1.1`, 'public_service'), true, T);
    d.tick(T - 10 * 60_000);
    const changes = d.evaluate(T, d.observe(report(T - 60_000, 'A.1.1.1'), true, T));
    expect(changes.raised).toEqual([]);
    // Two: still below the minimum count of 3.
    expect(d.evaluate(T, d.observe(report(T - 30_000, 'A.1.1.1'), true, T)).raised).toEqual([]);
  });

  it('raises a sharp surge at once, counts a case once, and clears when the rate falls back', () => {
    const d = new SurgeDetector({}, unitsOf);
    // A quiet city: 4 reports an hour spread over 4 villages and categories for 8 weeks.
    const cats: Category[] = ['public_service', 'urban_management', 'illegal_business', 'work_safety'];
    for (let h = 8 * 168 + 30; h > 0; h--)
      for (let i = 0; i < 4; i++) d.observe(report(T - h * HOUR_MS + i * 60_000, `B.${i}.1.1`, cats[i]), true, T);
    d.tick(T - 3 * HOUR_MS);
    const surge = Array.from({ length: 12 }, (_, i) =>
      report(T - 2 * HOUR_MS + i * 5 * 60_000, 'A.1.1.1', 'work_safety'),
    );
    let raisedAt: number | null = null;
    for (const r of surge) {
      const ch = d.evaluate(r.at, d.observe(r, true, r.at));
      // The same case again (a later state of it): not counted twice.
      d.observe({ ...r }, true, r.at);
      if (ch.raised.length > 0 && raisedAt === null) raisedAt = r.at;
    }
    expect(raisedAt).not.toBeNull();
    const village = d.pair('A.1.1', 'work_safety')!;
    expect(village.active).not.toBeNull();
    expect(d.test(village, T)[0].count).toBe(12);
    expect(d.openCases(village, T, 50).total).toBe(12);
    // A case that closes leaves the open list; one whose category was corrected moves out.
    d.observe({ ...surge[0], open: false }, false, T);
    d.observe({ ...surge[1], category: 'public_service' }, false, T);
    expect(d.openCases(village, T, 50).total).toBe(10);
    expect(d.test(village, T)[0].count).toBe(11);
    // A day and more later, with nothing new: cleared by itself.
    let cleared = false;
    for (let t = T; t <= T + 30 * HOUR_MS; t += 10 * 60_000) {
      if (d.tick(t).cleared.some((c) => c.pair === village)) cleared = true;
    }
    expect(cleared).toBe(true);
    expect(village.active).toBeNull();
  });

  it('keeps a restored hotspot until its rate falls back', () => {
    const d = new SurgeDetector({}, unitsOf);
    const unit = { code: 'A.1.1', level: 'village' as const };
    const trigger = { hours: 2, count: 9, expected: 1, n: 9, share: 0.1, p: 1e-9, threshold: 1e-6, fires: true };
    const p = d.restore(unit, 'work_safety', {
      raisedAt: T - HOUR_MS,
      peakCount: 9,
      peakAt: T - HOUR_MS,
      peakExpected: 1,
      minP: 1e-9,
      trigger,
      id: '7',
    });
    expect(d.activePairs()).toEqual([p]);
    // No reports behind it now (the stream before the restart is not replayed here): it clears.
    expect(d.tick(T).cleared.map((c) => c.surge.id)).toEqual(['7']);
  });

  it('a quiet history raises nothing beyond the false-alarm budget (property)', () => {
    // One district of the real tree (中原区): 12 townships, their villages and cells.
    const rows = zhengzhouAreas().filter(
      (n) => n.parentCode === null || n.code === '410102' || (n.code.startsWith('410102') && n.level !== 'district'),
    );
    const world = simWorld(new AreaTree(rows));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 200, max: 2000 }), (seed, perDay) => {
        const start = T - 19 * DAY_MS;
        const evalFrom = T - 5 * DAY_MS;
        const reports = generateReports(world, { from: start, to: T, perDay, seed });
        const d = new SurgeDetector({ baselineWeeks: 2 }, world.unitsOf);
        const raises = runDetector(d, reports, { evalFrom, to: T, tickMs: 10 * 60_000 });
        // Budget: 1 false alarm a day city-wide; this is one district of fifteen.
        return raises.length <= 5;
      }),
      { numRuns: 6, seed: 42 },
    );
  }, 120_000);
});
