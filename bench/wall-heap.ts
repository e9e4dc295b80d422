/**
 * Heap of the wall display over a long accelerated run: the real app with the simulator posting
 * Zhengzhou-scale cases fast (several patches per second per room), the wall in headless
 * Chromium rotating its scenes every few seconds, and the JS heap sampled after a forced GC
 * (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), with DOM node and listener counts.
 *
 * Run through vitest (no TypeScript runner is installed):
 *   WALL_HEAP_MINUTES=20 npx vitest run --project test wall-heap
 * writes docs/wall-heap.md and bench/results/wall-heap.json; without WALL_HEAP_MINUTES the same
 * spec runs a short version with a generous bound.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { CDPSession, Page } from 'playwright-core';
import type { CaseEvent } from '@gridwall/shared';
import { sqliteDatabase } from '../backend/src/testing/databases';
import { postEvents } from '../backend/src/testing/test-app';
import { testNow } from '../backend/src/testing/test-clock';
import { CHROMIUM_PATH, launchBrowser, newTestPage } from '../test/browser';
import { startWallApp } from '../test/wall-app';

/** Options of {@link runWallHeap}. */
export interface WallHeapOptions {
  /** Measured duration, minutes (after the warm-up). */
  minutes: number;
  /**
   * Seconds each scene stays.
   * @default 3
   */
  rotateSeconds?: number;
  /**
   * Value of the wall's `scenes=` parameter.
   * @default 'overview,map,ranking,overdue' (ranking: one page per tier, villages included)
   */
  scenes?: string;
  /**
   * Simulated new cases per day, city-wide (each case brings several lifecycle events).
   * @default 150000
   */
  casesPerDay?: number;
  /**
   * Days of history backfilled before the run.
   * @default 0.1
   */
  backfillDays?: number;
  /**
   * Extra ingest requests per second (3 new cases each) on top of the simulator, so every
   * followed room changes before each of its 4 patch slots a second.
   * @default 4
   */
  postsPerSecond?: number;
  /**
   * Seconds between samples; default: one full playlist cycle, so every sample is taken at
   * the same point of the rotation.
   */
  sampleSeconds?: number;
  /**
   * Seconds of warm-up before the first sample (caches, JIT, first snapshots).
   * @default 30
   */
  warmupSeconds?: number;
  /**
   * Viewport of the wall.
   * @default 1920×1080
   */
  viewport?: { width: number; height: number };
  /** Called with each sample as it is taken (progress output). */
  onSample?: (sample: HeapSample) => void;
}

/** One measurement after a forced GC. */
export interface HeapSample {
  /** Seconds since the end of the warm-up. */
  t: number;
  /** Used JS heap, MB (10^6 bytes). */
  heapUsedMB: number;
  /** Total JS heap, MB. */
  heapTotalMB: number;
  /** DOM nodes alive. */
  domNodes: number;
  /** JS event listeners on DOM targets. */
  listeners: number;
  /** Scene rotations seen so far. */
  rotations: number;
  /** `patch` messages received so far. */
  patches: number;
}

/** Outcome of {@link runWallHeap}. */
export interface WallHeapResult {
  /** ISO time the run started. */
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; chromium: string };
  options: Required<Omit<WallHeapOptions, 'onSample'>>;
  samples: HeapSample[];
  /** Heap of the first and last sample, MB. */
  startMB: number;
  endMB: number;
  minMB: number;
  maxMB: number;
  /** Least-squares slope of the used heap over the samples, MB per hour. */
  slopeMBperHour: number;
  /** The same over the second half of the run (after JIT and caches have warmed up), MB per hour. */
  steadySlopeMBperHour: number;
  rotations: number;
  patches: number;
  /** Mean patches per second over the measured time. */
  patchesPerSecond: number;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Slope (MB/h) of the used heap over `samples`, rounded to 0.01. */
export function heapSlope(samples: readonly HeapSample[]): number {
  return Math.round(slope(samples.map((s) => ({ x: s.t / 3600, y: s.heapUsedMB }))) * 100) / 100;
}

/** Slope over the second half of the samples. */
export function steadySlope(samples: readonly HeapSample[]): number {
  return heapSlope(samples.slice(Math.floor(samples.length / 2)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 1e6) * 100) / 100;

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Number of playlist slots of `scenes` (a plain `ranking` is one slot per tier). */
function slotCount(scenes: string): number {
  return scenes.split(',').reduce((n, s) => n + (s.trim() === 'ranking' ? 4 : 1), 0);
}

async function measure(cdp: CDPSession): Promise<Omit<HeapSample, 't' | 'rotations' | 'patches'>> {
  // Twice: the first pass may only free what finalizers of the second release.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    heapUsedMB: mb(heap.usedSize),
    heapTotalMB: mb(heap.totalSize),
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
  };
}

/** Runs the wall for `minutes` under load and samples its heap. */
export async function runWallHeap(options: WallHeapOptions): Promise<WallHeapResult> {
  const scenes = options.scenes ?? 'overview,map,ranking,overdue';
  const rotateSeconds = options.rotateSeconds ?? 3;
  const opts: Required<Omit<WallHeapOptions, 'onSample'>> = {
    minutes: options.minutes,
    rotateSeconds,
    scenes,
    casesPerDay: options.casesPerDay ?? 150_000,
    backfillDays: options.backfillDays ?? 0.1,
    postsPerSecond: options.postsPerSecond ?? 4,
    sampleSeconds: options.sampleSeconds ?? rotateSeconds * slotCount(scenes),
    warmupSeconds: options.warmupSeconds ?? 30,
    viewport: options.viewport ?? { width: 1920, height: 1080 },
  };
  const date = new Date().toISOString();
  const db = sqliteDatabase();
  const app = await startWallApp({
    databaseUrl: db.url,
    casesPerDay: opts.casesPerDay,
    backfillDays: opts.backfillDays,
  });
  const browser = await launchBrowser();
  try {
    const page: Page = await newTestPage(browser, { viewport: opts.viewport });
    let patches = 0;
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.startsWith('42/live,["patch"')) patches += 1;
      }),
    );
    const cdp = await page.context().newCDPSession(page);
    const cells = app.simulator?.world.cells ?? [];
    let posted = 0;
    const poster =
      opts.postsPerSecond > 0 && cells.length > 0
        ? setInterval(() => {
            const events: CaseEvent[] = [0, 1, 2].map((i) => {
              const n = posted++ * 3 + i;
              return {
                eventId: `HEAP-${n}-r`,
                caseId: `HEAP-${n}`,
                type: 'reported',
                at: new Date(testNow()).toISOString(),
                gridCode: cells[(n * 7919) % cells.length],
                category: 'urban_management',
                source: 'patrol',
                title: '占道经营',
              };
            });
            postEvents(app.url, { events }).catch(() => undefined);
          }, 1000 / opts.postsPerSecond)
        : null;
    await page.goto(
      `${app.url}/wall?scenes=${scenes}&rotate=${rotateSeconds}&page=2&period=week&stale=30&token=${app.token}`,
    );
    await page.waitForSelector('[data-testid="wall"]');
    let rotations = 0;
    let lastScene = '';
    const watchRotation = setInterval(() => {
      page
        .getAttribute('main[data-scene]', 'data-scene')
        .then((s) => {
          if (s && s !== lastScene) {
            if (lastScene) rotations += 1;
            lastScene = s;
          }
        })
        .catch(() => undefined);
    }, 500);
    try {
      await sleep(opts.warmupSeconds * 1000);
      const samples: HeapSample[] = [];
      const started = Date.now();
      const patchesAtStart = patches;
      const rotationsAtStart = rotations;
      const end = started + opts.minutes * 60_000;
      for (let next = started; next <= end; next += opts.sampleSeconds * 1000) {
        await sleep(Math.max(0, next - Date.now()));
        const sample: HeapSample = {
          t: Math.round((Date.now() - started) / 1000),
          ...(await measure(cdp)),
          rotations: rotations - rotationsAtStart,
          patches: patches - patchesAtStart,
        };
        samples.push(sample);
        options.onSample?.(sample);
      }
      const used = samples.map((s) => s.heapUsedMB);
      const last = samples[samples.length - 1];
      const seconds = Math.max(1, (Date.now() - started) / 1000);
      return {
        date,
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? 'unknown',
          memoryGB: Math.round(totalmem() / 1e9),
          node: process.version,
          chromium: chromiumVersion(),
        },
        options: opts,
        samples,
        startMB: used[0],
        endMB: last.heapUsedMB,
        minMB: Math.min(...used),
        maxMB: Math.max(...used),
        slopeMBperHour: heapSlope(samples),
        steadySlopeMBperHour: steadySlope(samples),
        rotations: last.rotations,
        patches: last.patches,
        patchesPerSecond: Math.round((last.patches / seconds) * 10) / 10,
      };
    } finally {
      clearInterval(watchRotation);
      if (poster) clearInterval(poster);
    }
  } finally {
    await browser.close();
    await app.close();
    await db.drop();
  }
}

/** One sentence on what the numbers say. */
function verdict(r: WallHeapResult): string {
  const first = r.samples[0];
  const last = r.samples[r.samples.length - 1];
  const steady = steadySlope(r.samples);
  const label = Math.abs(steady) < 1 ? 'Flat' : Math.abs(steady) < 5 ? 'Nearly flat' : 'Growing';
  const maxNodes = Math.max(...r.samples.map((s) => s.domNodes));
  const maxListeners = Math.max(...r.samples.map((s) => s.listeners));
  return (
    `**${label}**: over ${r.rotations} rotations and ${r.patches.toLocaleString('en-US')} patches the used heap ` +
    `moved from ${r.startMB.toFixed(2)} MB to ${r.endMB.toFixed(2)} MB (range ${r.minMB.toFixed(2)}–${r.maxMB.toFixed(2)} MB); ` +
    `trend over the whole run ${r.slopeMBperHour.toFixed(2)} MB/h, over its second half ${steady.toFixed(2)} MB/h. ` +
    `DOM nodes ${first.domNodes} → ${last.domNodes} (at most ${maxNodes}; the count depends on the scene on show), ` +
    `event listeners ${first.listeners} → ${last.listeners} (at most ${maxListeners}). Whatever growth remains is ` +
    `reset by the daily self-reload (\`reload=\`, default 04:00).`
  );
}

/** Writes the JSON result and the Markdown report (formatted like the rest of the repository). */
export async function writeWallHeapReport(
  result: WallHeapResult,
  paths: { json: string; markdown: string },
): Promise<void> {
  mkdirSync(dirname(paths.json), { recursive: true });
  writeFileSync(paths.json, `${JSON.stringify(result, null, 2)}\n`);
  const o = result.options;
  const rows = result.samples
    .map(
      (s) =>
        `| ${(s.t / 60).toFixed(1)} | ${s.heapUsedMB.toFixed(2)} | ${s.heapTotalMB.toFixed(2)} | ${s.domNodes} | ${s.listeners} | ${s.rotations} | ${s.patches} |`,
    )
    .join('\n');
  const md = `# Wall display: JS heap over a long accelerated run

The wall (\`/wall?scenes=${o.scenes}&rotate=${o.rotateSeconds}&page=2&period=week\`) ran in headless
Chromium at ${o.viewport.width}×${o.viewport.height} against the real app, whose simulator posted
${o.casesPerDay.toLocaleString('en-US')} new cases a day (with their lifecycle events) through the ingest
API, plus ${o.postsPerSecond} extra ingest requests a second, so every followed room got patches several
times a second. Scenes rotated every
${o.rotateSeconds} s (ranking: one page per tier, the 3,000-odd villages included; long lists paged every 2 s).
After a ${o.warmupSeconds} s warm-up the JS heap was sampled every ${o.sampleSeconds} s (one full playlist cycle,
so each sample is taken at the same scene) after a forced GC (CDP \`HeapProfiler.collectGarbage\`,
then \`Runtime.getHeapUsage\`), with the DOM node and event-listener counts (\`Memory.getDOMCounters\`).

Reproduce (the benchmark command runs this):

\`\`\`bash
npm run build -w shared && npm run build -w frontend
WALL_HEAP_MINUTES=${o.minutes} npx vitest run --project test wall-heap
\`\`\`

## Result (${result.date})

| measured | rotations | patches | patches/s | heap start | heap end | min | max | slope | slope, 2nd half |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| ${o.minutes} min | ${result.rotations} | ${result.patches.toLocaleString('en-US')} | ${result.patchesPerSecond} | ${result.startMB.toFixed(2)} MB | ${result.endMB.toFixed(2)} MB | ${result.minMB.toFixed(2)} MB | ${result.maxMB.toFixed(2)} MB | ${result.slopeMBperHour.toFixed(2)} MB/h | ${steadySlope(result.samples).toFixed(2)} MB/h |

${verdict(result)}

Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGB} GB, Node ${result.machine.node},
${result.machine.chromium}. Raw samples: \`bench/results/wall-heap.json\`.

## Samples

| minute | heap used (MB) | heap total (MB) | DOM nodes | listeners | rotations | patches |
| --- | --- | --- | --- | --- | --- | --- |
${rows}
`;
  mkdirSync(dirname(paths.markdown), { recursive: true });
  const config = (await resolveConfig(paths.markdown)) ?? {};
  writeFileSync(paths.markdown, await format(md, { ...config, parser: 'markdown' }));
}
