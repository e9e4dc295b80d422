/**
 * When the wall reloads itself: daily at a quiet city-time hour, as a safety net for a browser
 * that has run for months. Pure, unit-tested.
 */
import { CITY_UTC_OFFSET_MS, DAY_MS } from '@gridwall/shared';
import type { TimeOfDay } from './wallParams';

/** The first instant after `now` (epoch ms) at which city time reads `at`. */
export function nextCityTime(now: number, at: TimeOfDay): number {
  const local = now + CITY_UTC_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  let target = dayStart + (at.hour * 60 + at.minute) * 60_000;
  if (target <= local) target += DAY_MS;
  return target - CITY_UTC_OFFSET_MS;
}
