import { ID_PATTERN } from '@gridwall/shared';
import { Matches } from 'class-validator';

/** Path of `DELETE /api/admin/users/:id`. */
export class DisableUserDto {
  /** The user's id. */
  @Matches(ID_PATTERN, { message: 'must be a user id' })
  id!: string;
}
