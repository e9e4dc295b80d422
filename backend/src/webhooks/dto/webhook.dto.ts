import { NOTIFICATION_KINDS, WEBHOOK_FORMATS, type NotificationKind, type WebhookFormat } from '@gridwall/shared';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

const KINDS = `each one of ${NOTIFICATION_KINDS.join(', ')}`;

/** Body of `POST /api/admin/webhooks` (and what `webhooks add` on the CLI checks). */
export class CreateWebhookDto {
  /** Where to POST: http or https, at most 1000 characters. */
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @MaxLength(1000, { message: 'at most 1000 characters' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: 'must be an http:// or https:// URL' },
  )
  url!: string;

  /** Which notifications it gets. */
  @IsDefined({ message: 'is required' })
  @IsArray({ message: `must be a list, ${KINDS}` })
  @ArrayNotEmpty({ message: `must name at least one kind, ${KINDS}` })
  @ArrayMaxSize(NOTIFICATION_KINDS.length, { message: `at most ${NOTIFICATION_KINDS.length} kinds` })
  @ArrayUnique({ message: 'names a kind twice' })
  @IsIn(NOTIFICATION_KINDS, { each: true, message: KINDS })
  kinds!: NotificationKind[];

  /** `json` (default, signed), `wecom` or `dingtalk` (the group robots' markdown message). */
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS, { message: `must be one of ${WEBHOOK_FORMATS.join(', ')}` })
  format?: WebhookFormat;

  /** What it is for; default: the URL's host. */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Length(1, 100, { message: '1–100 characters' })
  label?: string;

  /** The HMAC-SHA256 key (16–200 printable characters); default: a random one, returned once. */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'must be 16–200 printable ASCII characters without spaces' })
  secret?: string;
}

/** Path of `DELETE /api/admin/webhooks/:id`. */
export class WebhookIdDto {
  @Matches(/^[0-9a-f-]{36}$/, { message: 'must be a webhook id' })
  id!: string;
}
