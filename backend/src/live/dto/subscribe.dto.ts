import { IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';
import {
  ID_PATTERN,
  parseIsoWithOffset,
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

  /** A past moment to replay (ISO-8601 with offset); checked by the replay (400 naming `at`). */
  @IsOptional()
  @ValidateBy({
    name: 'isIsoWithOffset',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && v.length <= 40 && parseIsoWithOffset(v) !== null,
      defaultMessage: () => 'at: must be an ISO-8601 time with offset, e.g. 2026-11-24T09:00:00+08:00',
    },
  })
  at?: string;
}
