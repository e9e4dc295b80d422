import { RANKING_TIERS, type RankingTier } from '@gridwall/shared';
import { IsIn } from 'class-validator';
import { GetStatsDto, oneOf } from './get-stats.dto';

/** Query of `GET /api/rankings`: `tier`, `scope`, `period`. */
export class GetRankingsDto extends GetStatsDto {
  /** The tier to rank. */
  @IsIn(RANKING_TIERS, { message: oneOf(RANKING_TIERS) })
  tier!: RankingTier;
}
