import { PERIODS, type Period } from '@gridwall/shared';
import { IsIn, IsOptional } from 'class-validator';
import { IsoTime } from './iso-time';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';

/** Message of a value that is not one of `allowed`. */
export const oneOf =
  (allowed: readonly string[]) =>
  ({ value }: { value: unknown }): string =>
    `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`;

/** Query of `GET /api/stats` and `GET /api/stats/categories`: `scope`, `period`. */
export class GetStatsDto extends ScopeQueryDto {
  /** The period (city time); default `day`. */
  @IsIn(PERIODS, { message: oneOf(PERIODS) })
  period: Period = 'day';

  /** A past moment to replay (ISO-8601 with offset), epoch ms once parsed; absent: live. */
  @IsOptional()
  @IsoTime()
  at?: number;
}
