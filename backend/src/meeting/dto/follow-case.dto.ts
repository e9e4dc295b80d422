import { Matches } from 'class-validator';
import { ID_PATTERN } from '@gridwall/shared';

/** A socket `case-subscribe` / `case-unsubscribe` payload. */
export class FollowCaseDto {
  @Matches(ID_PATTERN, { message: 'caseId: must be 1–64 characters of [A-Za-z0-9._:-]' })
  caseId!: string;
}
