import { ID_PATTERN } from '@gridwall/shared';
import { Matches } from 'class-validator';

/** Path of `POST /api/admin/tokens/:id/revoke`. */
export class RevokeTokenDto {
  /** The token's id. */
  @Matches(ID_PATTERN, { message: 'must be a token id' })
  id!: string;
}
