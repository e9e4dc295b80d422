import { ID_PATTERN } from '@gridwall/shared';
import { IsOptional, Matches } from 'class-validator';

/**
 * The `scope` query parameter every scoped read takes. Its form is checked here; that it names
 * an area of the tree (and the default, the city) is {@link ScopePipe}'s job.
 */
export class ScopeQueryDto {
  /** Area code; absent: the root of the area tree. */
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'must be an area code (1–64 of [A-Za-z0-9._:-])' })
  scope?: string;
}
