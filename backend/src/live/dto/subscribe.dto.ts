import { PERIODS, RANKING_TIERS, type Period, type RankingTier, type SubscribeRequest } from '@gridwall/shared';

/**
 * Checks an inbound `subscribe`/`unsubscribe`/`resync` payload; returns an error message naming
 * the field, or the valid request. Whether the scope exists is checked by the gateway.
 */
export function parseSubscription(raw: unknown): SubscribeRequest | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return 'payload: must be an object {scope, period}';
  const { scope, period, tier } = raw as Record<string, unknown>;
  if (typeof scope !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(scope)) {
    return `scope: must be an area code, got ${JSON.stringify(scope)}`;
  }
  if (typeof period !== 'string' || !(PERIODS as readonly string[]).includes(period)) {
    return `period: must be one of ${PERIODS.join(', ')}, got ${JSON.stringify(period)}`;
  }
  if (tier !== undefined && (typeof tier !== 'string' || !(RANKING_TIERS as readonly string[]).includes(tier))) {
    return `tier: must be one of ${RANKING_TIERS.join(', ')}, got ${JSON.stringify(tier)}`;
  }
  return { scope, period: period as Period, ...(tier !== undefined ? { tier: tier as RankingTier } : {}) };
}
