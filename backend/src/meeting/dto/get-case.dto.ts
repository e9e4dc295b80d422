import { ID_PATTERN } from '@gridwall/shared';
import { Matches } from 'class-validator';

/** Path of `GET /api/cases/:caseId`. */
export class GetCaseDto {
  /** The case. */
  @Matches(ID_PATTERN, { message: 'must be 1–64 characters of [A-Za-z0-9._:-]' })
  caseId!: string;
}
