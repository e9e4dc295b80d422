import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';
import { QueryNumber } from '../../common/validation';

const LIMIT = 'must be an integer from 1 to 500';

/** Query of `GET /api/meeting`: `scope`, `limit`. */
export class GetAgendaDto extends ScopeQueryDto {
  /** Most cases to list; default 100. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(500, { message: LIMIT })
  limit: number = 100;
}

const OFFSET = 'must be an integer from 0 to 100000';

/** Query of `GET /api/cases`: `scope`, `state`, `limit`, `offset`. */
export class GetOpenCasesDto extends ScopeQueryDto {
  /** Every open case (default) or those of one state. */
  @IsOptional()
  @IsIn(['all', 'red', 'yellow', 'green'], { message: 'must be all, red, yellow or green' })
  state: 'all' | 'red' | 'yellow' | 'green' = 'all';

  /** Most cases to list; default 20. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(500, { message: LIMIT })
  limit: number = 20;

  /** Cases to skip (paging); default 0. */
  @QueryNumber()
  @IsInt({ message: OFFSET })
  @Min(0, { message: OFFSET })
  @Max(100_000, { message: OFFSET })
  offset: number = 0;
}
