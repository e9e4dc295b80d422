import { IsInt, Max, Min } from 'class-validator';
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
