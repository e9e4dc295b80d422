/**
 * Replay on the tablet (issue 16): the figures as they stood at a past moment T, read from the
 * REST API with `at=`. Pure: the moment's parsing and formatting, the scrubber's range, how play
 * moves the moment, and the paths read at T. Unit-tested without a DOM.
 */
import { CITY_UTC_OFFSET_MS, DAY_MS, parseIsoWithOffset, toCityIso } from '@gridwall/shared';
import type { Period, RankingTier } from '@gridwall/shared';

/** How far back the scrubber reaches, days. */
export const REPLAY_DAYS = 7;
/** The play speeds offered: replayed seconds per real second. */
export const REPLAY_SPEEDS = [60, 600] as const;
/** One play speed. */
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
/** The scrubber's step, ms (one minute: finer than a person can aim with a finger). */
export const SCRUB_STEP_MS = 60_000;
/** Most overdue and near-due cases read at T (the server's limit). */
export const REPLAY_OVERDUE_LIMIT = 500;

/** `THH:MM` followed by an offset, without seconds (the issue's `at=2026-11-24T09:00+08:00`). */
const NO_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/;

/** The moment of an `at=` value (ISO-8601 with offset, seconds optional); null for anything else. */
export function parseAt(text: string | null | undefined): number | null {
  if (!text) return null;
  // A hand-typed link's "+08:00" arrives as " 08:00" (a query's "+" is a space).
  const plain = text.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = NO_SECONDS.exec(plain);
  return parseIsoWithOffset(m ? `${m[1]}:00${m[2]}` : plain);
}

/** The `at=` value of a moment: city time to the second, 2026-11-24T09:00:00+08:00. */
export function atParam(t: number): string {
  const iso = toCityIso(Math.floor(t / 1000) * 1000);
  return `${iso.slice(0, 19)}${iso.slice(23)}`;
}

/** The moment as people read it on the screen: 11月24日 09:00:00（周二）. */
export function replayMomentText(t: number): string {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const weekday = '日一二三四五六'[l.getUTCDay()];
  return (
    `${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ` +
    `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}（周${weekday}）`
  );
}

/**
 * The scrubber's range at `now`: {@link REPLAY_DAYS} back to now, epoch ms. The start lies on a
 * whole minute, so the scrubber's steps are whole minutes and stay put as the clock runs.
 */
export function scrubRange(now: number): { min: number; max: number } {
  return { min: Math.floor((now - REPLAY_DAYS * DAY_MS) / SCRUB_STEP_MS) * SCRUB_STEP_MS, max: now };
}

/** `t` brought into the scrubber's range at `now`. */
export function clampMoment(t: number, now: number): number {
  const { min, max } = scrubRange(now);
  return Math.min(max, Math.max(min, t));
}

/** Where play has moved the moment after `elapsedMs` of real time at `speed` (never past `now`). */
export function advanceMoment(t: number, speed: ReplaySpeed, elapsedMs: number, now: number): number {
  return Math.min(now, t + Math.max(0, elapsedMs) * speed);
}

/** What is read at T: the scope, the period and the ranking tier (null: none below a village). */
export interface ReplayQuery {
  scope: string;
  period: Period;
  tier: RankingTier | null;
}

/** The REST paths of the figures, the ranking and the overdue list at `t`. */
export function replayPaths(q: ReplayQuery, t: number): { stats: string; rankings: string | null; overdue: string } {
  const at = encodeURIComponent(atParam(t));
  const scope = encodeURIComponent(q.scope);
  return {
    stats: `/api/stats?scope=${scope}&period=${q.period}&at=${at}`,
    rankings: q.tier ? `/api/rankings?tier=${q.tier}&scope=${scope}&period=${q.period}&at=${at}` : null,
    overdue: `/api/overdue?scope=${scope}&limit=${REPLAY_OVERDUE_LIMIT}&at=${at}`,
  };
}

/** The key of a query at a moment: a frame is read again only when this changes. */
export function replayKey(q: ReplayQuery, t: number): string {
  return `${q.scope}|${q.period}|${q.tier ?? ''}|${atParam(t)}`;
}
