import { ID_PATTERN } from '@gridwall/shared';
import { IsOptional, Matches } from 'class-validator';

/** Query of `GET /api/areas`. */
export class ListAreasDto {
  /** Area code whose children to list; absent: the city itself. */
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'must be an area code (1–64 of [A-Za-z0-9._:-])' })
  parent?: string;
}
