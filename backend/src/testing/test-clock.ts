/**
 * The moment every test treats as "now" (T), so no test depends on the day or hour it runs at.
 * Default: a Wednesday afternoon, city time, far from any day, week, month, quarter or year
 * edge. `GRIDWALL_TEST_NOW` (ISO-8601 with an offset) moves it, which is how the suite is run
 * near the edges to prove the point: `GRIDWALL_TEST_NOW=2026-11-23T00:05:00+08:00 npm test`.
 */
import { parseIsoWithOffset } from '@gridwall/shared';
import { ManualClock, OffsetClock } from '../common/clock';

/** The default test moment: Wednesday 25 November 2026, 15:00 city time. */
export const DEFAULT_TEST_NOW = '2026-11-25T15:00:00+08:00';

function parseTestNow(): number {
  const text = process.env.GRIDWALL_TEST_NOW ?? DEFAULT_TEST_NOW;
  const t = parseIsoWithOffset(text);
  if (t === null) throw new Error(`GRIDWALL_TEST_NOW: must be an ISO-8601 time with an offset, got ${text}`);
  return t;
}

/** T of this test run, epoch ms (fixed when the module loads). */
export const TEST_NOW = parseTestNow();

/**
 * How far the test clock runs from the system clock, ms: tests whose servers must see time pass
 * (simulators, real processes, browsers) run at real speed from {@link TEST_NOW}.
 */
export const TEST_CLOCK_OFFSET_MS = TEST_NOW - Date.now();

/** A clock standing still at {@link TEST_NOW} until the test moves it. */
export function manualTestClock(): ManualClock {
  return new ManualClock(TEST_NOW);
}

/** A clock running at real speed from {@link TEST_NOW} (same offset for every caller in a run). */
export function runningTestClock(): OffsetClock {
  return new OffsetClock(TEST_CLOCK_OFFSET_MS);
}

/** Now on the running test clock, epoch ms. */
export function testNow(): number {
  return Date.now() + TEST_CLOCK_OFFSET_MS;
}
