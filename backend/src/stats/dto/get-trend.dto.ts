import { PERIODS, type Period } from '@gridwall/shared';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { IsoTime } from './iso-time';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { oneOf } from './get-stats.dto';

const GRANULARITIES = ['hour', 'day'] as const;

/**
 * Query of `GET /api/stats/trend`: `granularity=hour|day&from=&to=` as api.md §2 has it, or
 * `period=` for the current period.
 */
export class GetTrendDto extends ScopeQueryDto {
  /** The current period to chart (without `granularity`); default `day`. */
  @IsOptional()
  @IsIn(PERIODS, { message: oneOf(PERIODS) })
  period?: Period;

  /** Bucket size of a free range. */
  @IsOptional()
  @IsIn(GRANULARITIES, { message: ({ value }) => `must be hour or day, got ${JSON.stringify(value)}` })
  granularity?: (typeof GRANULARITIES)[number];

  /** Start of the range (with `granularity`), epoch ms once parsed. */
  @ValidateIf((q: GetTrendDto) => q.granularity !== undefined)
  @IsoTime()
  from?: number;

  /** End of the range (with `granularity`), epoch ms once parsed. */
  @ValidateIf((q: GetTrendDto) => q.granularity !== undefined)
  @IsoTime()
  to?: number;
}
