import { ASSESSMENT_KINDS, ID_PATTERN, RANKING_TIERS, type AssessmentKind, type RankingTier } from '@gridwall/shared';
import { IsDefined, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';
import { oneOf } from './get-stats.dto';

const LIMIT = 'must be an integer from 1 to 60';

/** Query of `GET /api/rankings/history`: `tier`, `scope`, `code`, `kind`, `limit` (`weeks` is read as `limit`). */
export class GetRankHistoryDto extends ScopeQueryDto {
  /** The tier the unit is ranked in. */
  @IsIn(RANKING_TIERS, { message: oneOf(RANKING_TIERS) })
  tier!: RankingTier;

  /** The unit (an area or department code). */
  @IsDefined({ message: 'is required (the unit)' })
  @Matches(ID_PATTERN, { message: 'must be a unit code (1–64 of [A-Za-z0-9._:-])' })
  code!: string;

  /** Which issued assessments: week (default), month, quarter or year. */
  @IsIn(ASSESSMENT_KINDS, { message: oneOf(ASSESSMENT_KINDS) })
  kind: AssessmentKind = 'week';

  /** How many issued periods back; default 12. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(60, { message: LIMIT })
  limit: number = 12;

  /** v1 name of `limit`. */
  @IsOptional()
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(60, { message: LIMIT })
  weeks?: number;
}
