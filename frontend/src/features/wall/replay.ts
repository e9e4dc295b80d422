/**
 * Replay of the wall (issue 16): `/wall?…&at=2026-11-24T09:00+08:00` shows every figure as the
 * live wall showed it at that moment. Pure: parsing the moment and its labels.
 */
import { CITY_UTC_OFFSET_MS, parseIsoWithOffset, toCityIso } from '@gridwall/shared';

/** What `at=` asks for. */
export type ReplayRequest =
  /** No `at`: the live wall. */
  | { kind: 'live' }
  /** A moment to replay: epoch ms, and the ISO text sent to the server (city time). */
  | { kind: 'replay'; t: number; iso: string }
  /** An `at` that is no moment: the wall shows why and no figures. */
  | { kind: 'invalid'; text: string; message: string };

/** `2026-11-24T09:00`, seconds and fraction optional, offset optional (city time when absent). */
const AT_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads `at=`. A moment without an offset is read in city time (UTC+8): a person typing a URL
 * for a meeting writes the time of the clock on the wall. `+` in a query string reaches us as a
 * space when it was not encoded, so a space before the offset is read as `+`.
 */
export function parseReplayAt(value: string | null): ReplayRequest {
  if (value === null) return { kind: 'live' };
  const text = value.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = AT_PATTERN.exec(text);
  const t = m ? parseIsoWithOffset(`${m[1]}${m[2] ?? ':00'}${m[3] ?? '+08:00'}`) : null;
  if (t === null)
    return {
      kind: 'invalid',
      text: value,
      message: `回放时间 at=${value} 无法识别，应形如 2026-11-24T09:00+08:00`,
    };
  return { kind: 'replay', t, iso: toCityIso(t) };
}

/** The moment of a replay for people, e.g. 2026年11月24日 09:00 (seconds only when not zero). */
export function replayLabel(t: number): string {
  const l = new Date(t + CITY_UTC_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const seconds = l.getUTCSeconds() === 0 ? '' : `:${pad(l.getUTCSeconds())}`;
  return (
    `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ` +
    `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}${seconds}`
  );
}
