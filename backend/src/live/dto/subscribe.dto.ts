import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  ID_PATTERN,
  PERIODS,
  RANKING_TIERS,
  type Period,
  type RankingTier,
  type SubscribeRequest,
} from '@gridwall/shared';

/**
 * An inbound `subscribe`, `unsubscribe` or `resync` payload. Whether the scope exists and the
 * tier lies below it is checked by the read models (400 naming the field).
 */
export class SubscribeDto implements SubscribeRequest {
  @Matches(ID_PATTERN, { message: 'scope: must be an area code' })
  scope!: string;

  @IsIn(PERIODS, { message: `period: must be one of ${PERIODS.join(', ')}` })
  period!: Period;

  @IsOptional()
  @IsIn(RANKING_TIERS, { message: `tier: must be one of ${RANKING_TIERS.join(', ')}` })
  tier?: RankingTier;
}
