/**
 * Which room a screen shows, read from its URL (`?scope=410100&period=day&token=…`), so one
 * build serves every screen.
 */
import { ID_PATTERN, PERIODS } from '@gridwall/shared';
import type { Period, SubscribeRequest } from '@gridwall/shared';

/** Area code of 郑州市, the default scope. */
export const DEFAULT_SCOPE = '410100';
/** Default period kind. */
export const DEFAULT_PERIOD: Period = 'day';

/** What a screen's URL asks for. */
export interface LiveParams {
  subscription: SubscribeRequest;
  /** Screen token from `?token=`, if any. */
  token?: string;
}

function isPeriod(value: string): value is Period {
  return (PERIODS as readonly string[]).includes(value);
}

/**
 * Reads scope, period and token from a query string (`location.search`); a missing or
 * malformed scope (a loose shape check: the server refuses unknown codes) or period falls back to {@link DEFAULT_SCOPE} / {@link DEFAULT_PERIOD}.
 */
export function readLiveParams(search: string): LiveParams {
  const query = new URLSearchParams(search);
  const scope = query.get('scope')?.trim() ?? '';
  const period = query.get('period')?.trim() ?? '';
  const token = query.get('token')?.trim();
  return {
    subscription: {
      scope: ID_PATTERN.test(scope) ? scope : DEFAULT_SCOPE,
      period: isPeriod(period) ? period : DEFAULT_PERIOD,
    },
    ...(token ? { token } : {}),
  };
}
