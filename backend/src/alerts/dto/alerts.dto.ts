import { ALERT_ACK_MAX } from '@gridwall/shared';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString, Matches } from 'class-validator';
import { ScopeQueryDto } from '../../areas/dto/scope-query.dto';

/** An alert id: `red:<caseId>:<deadline ms>`, `city:<caseId>` or `joint:<caseId>`. */
export const ALERT_ID_PATTERN =
  /^(red:[A-Za-z0-9._:-]{1,64}:\d{1,16}|city:[A-Za-z0-9._:-]{1,64}|joint:[A-Za-z0-9._:-]{1,64})$/;

/** Query of `GET /api/alerts`: `scope`. */
export class GetAlertsDto extends ScopeQueryDto {}

/** Body of `POST /api/alerts/ack`: `{ids}`. */
export class AckAlertsDto {
  @IsArray({ message: 'ids: must be a list of alert ids' })
  @ArrayNotEmpty({ message: 'ids: must name at least one alert' })
  @ArrayMaxSize(ALERT_ACK_MAX, { message: `ids: at most ${ALERT_ACK_MAX} at once` })
  @IsString({ each: true, message: 'ids: each must be a string' })
  @Matches(ALERT_ID_PATTERN, {
    each: true,
    message: 'ids: each must be red:<caseId>:<deadline ms>, city:<caseId> or joint:<caseId>',
  })
  ids!: string[];
}
