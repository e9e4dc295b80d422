/**
 * The wall's JS heap under accelerated rotation and updates (bench/wall-heap.ts). By default a
 * short run with a generous bound, so a leak that grows with rotations or patches fails the
 * tests; with WALL_HEAP_MINUTES=N the long run of the benchmark, which writes docs/wall-heap.md
 * and bench/results/wall-heap.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWallHeap, writeWallHeapReport, type WallHeapResult } from '../bench/wall-heap';
import { browserAvailable } from './browser';

const LONG_MINUTES = Number(process.env.WALL_HEAP_MINUTES ?? 0);
const MINUTES = LONG_MINUTES > 0 ? LONG_MINUTES : 2;
const root = (path: string) => new URL(`../${path}`, import.meta.url).pathname;
const REPORT = { json: root('bench/results/wall-heap.json'), markdown: root('docs/wall-heap.md') };

// WALL_HEAP_REPORT_ONLY=1 rewrites docs/wall-heap.md from the last bench/results/wall-heap.json.
it.runIf(process.env.WALL_HEAP_REPORT_ONLY === '1')('rewrites the heap report from the last result', async () => {
  const result = JSON.parse(readFileSync(REPORT.json, 'utf8')) as WallHeapResult;
  await writeWallHeapReport(result, REPORT);
  // The report states the run it was made from.
  const markdown = readFileSync(REPORT.markdown, 'utf8');
  expect(markdown).toContain(`${result.endMB.toFixed(2)} MB`);
  expect(markdown).toContain(String(result.rotations));
});

describe.skipIf(process.env.WALL_HEAP_REPORT_ONLY === '1' || !browserAvailable())(
  'wall heap under accelerated rotation and patches',
  () => {
    it(
      `stays flat over ${MINUTES} min`,
      async () => {
        const result = await runWallHeap({
          minutes: MINUTES,
          rotateSeconds: 3,
          ...(LONG_MINUTES > 0 ? {} : { casesPerDay: 100_000, backfillDays: 0.05, warmupSeconds: 20 }),
          onSample: (s) =>
            console.warn(
              `[wall-heap] t=${s.t}s heap=${s.heapUsedMB}MB nodes=${s.domNodes} listeners=${s.listeners} rotations=${s.rotations} patches=${s.patches}`,
            ),
        });
        if (LONG_MINUTES > 0) {
          await writeWallHeapReport(result, REPORT);
        }

        const measured = result.samples[result.samples.length - 1].t;
        expect(result.rotations).toBeGreaterThanOrEqual(Math.floor((measured / 3) * 0.8));
        expect(result.patchesPerSecond).toBeGreaterThan(2);
        // Generous: a leak per rotation or per patch grows far beyond this over hundreds of each.
        expect(result.endMB).toBeLessThan(result.minMB + 12);
        // DOM size depends on the scene on show at a sample: compare the halves' peaks.
        const half = Math.ceil(result.samples.length / 2);
        const peak = (samples: typeof result.samples, key: 'domNodes' | 'listeners') =>
          Math.max(...samples.map((s) => s[key]));
        const [early, late] = [result.samples.slice(0, half), result.samples.slice(half)];
        expect(peak(late, 'listeners')).toBeLessThan(peak(early, 'listeners') + 50);
        expect(peak(late, 'domNodes')).toBeLessThan(peak(early, 'domNodes') * 1.5 + 300);
      },
      (MINUTES + 6) * 60_000,
    );
  },
);
