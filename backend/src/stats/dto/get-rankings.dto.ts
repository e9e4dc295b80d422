import { RANKING_TIERS, type RankingTier } from '@gridwall/shared';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { GetStatsDto, oneOf } from './get-stats.dto';

/** `group=`: a group key of the tier, or `all` (the whole tier in one list). */
export const GROUP_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const GROUP_MESSAGE = 'must be a ranking group key (1–32 of [a-z0-9_-]) or all';

/** Query of `GET /api/rankings`: `tier`, `scope`, `period`, `group`. */
export class GetRankingsDto extends GetStatsDto {
  /** The tier to rank. */
  @IsIn(RANKING_TIERS, { message: oneOf(RANKING_TIERS) })
  tier!: RankingTier;

  /** One group of the tier, or `all`; absent: every group, each under its own heading. */
  @IsOptional()
  @Matches(GROUP_PATTERN, { message: GROUP_MESSAGE })
  group?: string;
}
