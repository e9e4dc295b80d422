import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';
import { IsoTime } from './iso-time';

const LIMIT = 'must be an integer from 1 to 500';

/** Query of `GET /api/overdue`: `scope`, `state`, `limit`. */
export class GetOverdueDto extends ScopeQueryDto {
  /** Only overdue (red) or only near-due (yellow) cases; absent: both. */
  @IsOptional()
  @IsIn(['red', 'yellow'], { message: ({ value }) => `must be red or yellow, got ${JSON.stringify(value)}` })
  state?: 'red' | 'yellow';

  /** Most cases to list; default 50. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(500, { message: LIMIT })
  limit: number = 50;

  /** A past moment to replay (ISO-8601 with offset), epoch ms once parsed; absent: live. */
  @IsOptional()
  @IsoTime()
  at?: number;
}
