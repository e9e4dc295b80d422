import { IsInt, Max, Min } from 'class-validator';
import { QueryNumber } from '../../common/validation';

const LIMIT = 'must be an integer from 1 to 1000';

/** Query of `GET /api/admin/audit`. */
export class ListAuditDto {
  /** Most entries, newest first; default 200. */
  @QueryNumber()
  @IsInt({ message: LIMIT })
  @Min(1, { message: LIMIT })
  @Max(1000, { message: LIMIT })
  limit: number = 200;
}
