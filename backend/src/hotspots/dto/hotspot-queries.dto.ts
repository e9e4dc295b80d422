import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';
import { IsoTime } from '../../stats/dto/iso-time';

const LIMIT = 'must be an integer from 1 to 200';
const OFFSET = 'must be an integer from 0 to 100000';

/** Query of `GET /api/hotspots`: `scope`. */
export class GetHotspotsDto extends ScopeQueryDto {}

/** Query of `GET /api/hotspots/history`: `scope`, `from`, `to`, `limit`, `offset`. */
export class GetHotspotHistoryDto extends ScopeQueryDto {
  /** Hotspots raised at or after (ISO-8601 with offset), epoch ms once parsed; default `to` − 30 days. */
  @IsOptional()
  @IsoTime()
  from?: number;

  /** … and before; default now. */
  @IsOptional()
  @IsoTime()
  to?: number;

  /** Most items; default 50. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(200, { message: LIMIT })
  limit: number = 50;

  /** Items to skip (paging); default 0. */
  @QueryNumber()
  @IsInt({ message: OFFSET })
  @Min(0, { message: OFFSET })
  @Max(100_000, { message: OFFSET })
  offset: number = 0;
}
