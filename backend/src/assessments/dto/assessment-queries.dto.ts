import {
  ASSESSMENT_KINDS,
  CATEGORIES,
  RANKING_TIERS,
  type AssessmentKind,
  type Category,
  type RankingTier,
} from '@gridwall/shared';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Max, Min, MinLength } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';
import { GROUP_MESSAGE, GROUP_PATTERN } from '../../stats/dto/get-rankings.dto';
import { oneOf } from '../../stats/dto/get-stats.dto';

const LIMIT = 'must be an integer from 1 to 500';
const VERSION = 'must be a version number from 1 to 100000';

/** Path of `/api/assessments/:kind/:period…`. */
export class AssessmentPathDto {
  @IsIn(ASSESSMENT_KINDS, { message: oneOf(ASSESSMENT_KINDS) })
  kind!: AssessmentKind;

  /** 2026-W48, 2026-11, 2026-Q4, 2026 (checked against the kind by the service). */
  @Matches(/^[0-9]{4}(-W[0-9]{2}|-[0-9]{2}|-Q[1-4])?$/, {
    message: 'must be a period key: 2026-W48, 2026-11, 2026-Q4 or 2026',
  })
  period!: string;
}

/** Query of `GET /api/assessments`: `kind`, `limit`. */
export class ListAssessmentsDto {
  @IsOptional()
  @IsIn(ASSESSMENT_KINDS, { message: oneOf(ASSESSMENT_KINDS) })
  kind?: AssessmentKind;

  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(500, { message: LIMIT })
  limit: number = 50;
}

/** `version=`: an issued version; absent, the newest. */
class VersionQueryDto extends ScopeQueryDto {
  @IsOptional()
  @QueryNumber()
  @IsInt({ message: VERSION })
  @Min(1, { message: VERSION })
  @Max(100_000, { message: VERSION })
  version?: number;
}

/** Query of `…/stats`: `scope`, `category`, `version`. */
export class IssuedStatsDto extends VersionQueryDto {
  @IsOptional()
  @IsIn(CATEGORIES, { message: oneOf(CATEGORIES) })
  category?: Category;
}

/** Query of `…/rankings`: `tier`, `scope`, `group`, `version`. */
export class IssuedRankingsDto extends VersionQueryDto {
  @IsIn(RANKING_TIERS, { message: oneOf(RANKING_TIERS) })
  tier!: RankingTier;

  @IsOptional()
  @Matches(GROUP_PATTERN, { message: GROUP_MESSAGE })
  group?: string;
}

/** Query of `…/overdue`: `scope`, `limit`, `version`. */
export class IssuedOverdueDto extends VersionQueryDto {
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(500, { message: LIMIT })
  limit: number = 50;
}

/** Query of `…/briefing[.xlsx|.pdf]`: `scope`, `version`. */
export class BriefingQueryDto extends VersionQueryDto {}

/** Body of `POST /api/admin/assessments/:kind/:period/reissue`. */
export class ReissueDto {
  @IsString({ message: 'must be a text (why this period is issued again)' })
  @MinLength(4, { message: 'must be at least 4 characters (why this period is issued again)' })
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason!: string;
}
