import { DEFAULT_SURGE_PARAMS, type SurgeParams } from './surge-detector';

/**
 * The environment variables of hotspot detection (read through ConfigService with these
 * defaults; docs/hotspots.md). A bad value stops the boot naming the variable, as env.ts does.
 *
 * - `HOTSPOTS` on|off (default on)
 * - `HOTSPOT_WINDOW_HOURS` the window shown and tested, 1–168 (default 24)
 * - `HOTSPOT_SCAN_HOURS` shorter windows tested too, comma-separated, each < the window ("1,2,4,8"; "" for none)
 * - `HOTSPOT_BASELINE_WEEKS` weeks of baseline, 1–26 (default 8)
 * - `HOTSPOT_ALPHA` family-wise error of one evaluation, (0, 0.5] (default 0.05)
 * - `HOTSPOT_MIN_COUNT` reports a window needs to fire, 2–1000 (default 3)
 */
export interface HotspotSettings {
  enabled: boolean;
  params: SurgeParams;
}

type Get = (key: string) => unknown;

function num(get: Get, key: string, fallback: number, min: number, max: number, integer: boolean): number {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new Error(
      `Invalid environment:\n  ${key}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  return v;
}

/** Reads and checks the hotspot settings. */
export function hotspotSettings(get: Get): HotspotSettings {
  const on = String(get('HOTSPOTS') ?? 'on').toLowerCase();
  if (!['on', 'off', ''].includes(on))
    throw new Error(`Invalid environment:\n  HOTSPOTS: must be on or off, got ${on}`);
  const windowHours = num(get, 'HOTSPOT_WINDOW_HOURS', DEFAULT_SURGE_PARAMS.windowHours, 1, 168, true);
  const rawScan = get('HOTSPOT_SCAN_HOURS');
  let scanHours = DEFAULT_SURGE_PARAMS.scanHours.filter((h) => h < windowHours);
  if (rawScan !== undefined && rawScan !== null) {
    const text = String(rawScan).trim();
    scanHours = text === '' ? [] : text.split(',').map((x) => Number(x.trim()));
    if (scanHours.some((h) => !Number.isInteger(h) || h < 1 || h >= windowHours) || scanHours.length > 8)
      throw new Error(
        `Invalid environment:\n  HOTSPOT_SCAN_HOURS: at most 8 whole hours, each from 1 to HOTSPOT_WINDOW_HOURS − 1, comma-separated, got ${JSON.stringify(rawScan)}`,
      );
  }
  return {
    enabled: on !== 'off',
    params: {
      ...DEFAULT_SURGE_PARAMS,
      windowHours,
      scanHours,
      baselineWeeks: num(get, 'HOTSPOT_BASELINE_WEEKS', DEFAULT_SURGE_PARAMS.baselineWeeks, 1, 26, true),
      alpha: num(get, 'HOTSPOT_ALPHA', DEFAULT_SURGE_PARAMS.alpha, 1e-9, 0.5, false),
      minCount: num(get, 'HOTSPOT_MIN_COUNT', DEFAULT_SURGE_PARAMS.minCount, 2, 1000, true),
    },
  };
}
