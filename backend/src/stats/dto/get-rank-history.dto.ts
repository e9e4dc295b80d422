import { ID_PATTERN, RANKING_TIERS, type RankingTier } from '@gridwall/shared';
import { IsDefined, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';
import { oneOf } from './get-stats.dto';

const WEEKS = 'must be an integer from 1 to 53';

/** Query of `GET /api/rankings/history`: `tier`, `scope`, `code`, `weeks`. */
export class GetRankHistoryDto extends ScopeQueryDto {
  /** The tier the unit is ranked in. */
  @IsIn(RANKING_TIERS, { message: oneOf(RANKING_TIERS) })
  tier!: RankingTier;

  /** The unit (an area or department code). */
  @IsDefined({ message: 'is required (the unit)' })
  @Matches(ID_PATTERN, { message: 'must be a unit code (1–64 of [A-Za-z0-9._:-])' })
  code!: string;

  /** How many weeks back; default 12. */
  @QueryNumber()
  @IsInt({ message: WEEKS })
  @Min(1, { message: WEEKS })
  @Max(53, { message: WEEKS })
  weeks: number = 12;
}
