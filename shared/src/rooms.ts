/**
 * Room identity of the live protocol, defined once: which room a subscription joins, how its
 * id is written, and the Socket.IO rooms of case followers and presenter channels. The server
 * names the room of every snapshot and patch (`room`), so a client never guesses it.
 */
import type { AreaLevel } from './domain';
import type { RankingTier } from './metrics';
import { PERIODS, type Period } from './time';
import { RANKING_TIERS } from './metrics';

/** Id of a live room: `scope|period|tier`, `-` for a room without a ranking. */
export type RoomId = string;

/**
 * The ranking tier a room of a scope at `level` carries when the subscription names none: the
 * scope's children (districts for the city, townships for a district, villages for a township),
 * none below villages.
 */
export const CHILD_TIER: Record<AreaLevel, RankingTier | null> = {
  city: 'district',
  district: 'township',
  township: 'village',
  village: null,
  cell: null,
};

/** The id of the room of (scope, period, tier). */
export function roomIdOf(scope: string, period: Period, tier: RankingTier | null): RoomId {
  return `${scope}|${period}|${tier ?? '-'}`;
}

/** The parts of a room id, or null for a string that is not one (unknown period or tier). */
export function parseRoomId(id: string): { scope: string; period: Period; tier: RankingTier | null } | null {
  const parts = id.split('|');
  if (parts.length !== 3) return null;
  const [scope, period, tier] = parts;
  if (!scope || !(PERIODS as readonly string[]).includes(period)) return null;
  if (tier !== '-' && !(RANKING_TIERS as readonly string[]).includes(tier)) return null;
  return { scope, period: period as Period, tier: tier === '-' ? null : (tier as RankingTier) };
}

/** Presenter channel names (a meeting room's name): 1–64 letters, digits, CJK or `._:-`. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9._:\u4e00-\u9fa5-]{1,64}$/;

/** The Socket.IO room of the sockets following one case's details. */
export function caseRoomOf(caseId: string): string {
  return `case:${caseId}`;
}

/** The Socket.IO room of the screens watching a presenter channel. */
export function channelRoomOf(channel: string): string {
  return `present:${channel}`;
}
