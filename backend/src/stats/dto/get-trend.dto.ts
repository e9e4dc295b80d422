import { PERIODS, parseIsoWithOffset, type Period } from '@gridwall/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy, ValidateIf } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { oneOf } from './get-stats.dto';

const GRANULARITIES = ['hour', 'day'] as const;

/** An ISO-8601 time with offset, read as epoch ms (a value that does not parse is kept, and refused). */
function IsoTime(): PropertyDecorator {
  const toMs = Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (parseIsoWithOffset(value) ?? value) : value,
  );
  const check = ValidateBy({
    name: 'isIsoTime',
    validator: {
      validate: (value: unknown) => typeof value === 'number',
      defaultMessage: (args) =>
        `must be an ISO-8601 time with offset (e.g. 2026-11-21T00:00:00+08:00), got ${JSON.stringify(args?.value)}`,
    },
  });
  return (target, key) => {
    toMs(target, key);
    check(target, key);
  };
}

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
