import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  CHANNEL_PATTERN,
  ID_PATTERN,
  PERIODS,
  RANKING_TIERS,
  SCENE_SLOT_MAX,
  type Period,
  type PresentTarget,
  type RankingTier,
} from '@gridwall/shared';

const CHANNEL_MESSAGE = 'channel: 1–64 letters, digits, CJK characters or ._:-';

/** What to present: `{kind: 'case', caseId}` or `{kind: 'unit', code, period, tier?}`. */
export class PresentTargetDto {
  @IsIn(['case', 'unit'], { message: 'target.kind: must be case or unit' })
  kind!: 'case' | 'unit';

  @ValidateIf((t: PresentTargetDto) => t.kind === 'case')
  @Matches(ID_PATTERN, { message: 'target.caseId: must be 1–64 characters of [A-Za-z0-9._:-]' })
  caseId?: string;

  @ValidateIf((t: PresentTargetDto) => t.kind === 'unit')
  @Matches(ID_PATTERN, { message: 'target.code: must be an area code' })
  code?: string;

  @ValidateIf((t: PresentTargetDto) => t.kind === 'unit')
  @IsIn(PERIODS, { message: `target.period: one of ${PERIODS.join(', ')}` })
  period?: Period;

  @IsOptional()
  @IsIn(RANKING_TIERS, { message: `target.tier: one of ${RANKING_TIERS.join(', ')}` })
  tier?: RankingTier;

  /** The target as the protocol types it (only the fields of its kind). */
  toTarget(): PresentTarget {
    if (this.kind === 'case') return { kind: 'case', caseId: this.caseId! };
    return { kind: 'unit', code: this.code!, period: this.period!, ...(this.tier ? { tier: this.tier } : {}) };
  }
}

/** A socket `present` payload: a channel and a target (null: stop presenting). */
export class PresentDto {
  @Matches(CHANNEL_PATTERN, { message: CHANNEL_MESSAGE })
  channel!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PresentTargetDto)
  target!: PresentTargetDto | null;
}

/** A socket `watch` payload: the presenter channel a wall follows. */
export class WatchDto {
  @Matches(CHANNEL_PATTERN, { message: CHANNEL_MESSAGE })
  channel!: string;
}

/** A socket `control` payload: the changes to a channel's wall control. */
export class WallControlDto {
  @Matches(CHANNEL_PATTERN, { message: CHANNEL_MESSAGE })
  channel!: string;

  @IsOptional()
  @IsBoolean({ message: 'paused: must be true or false' })
  paused?: boolean;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'pinned: a scene slot (overview, ranking:township…) or null' })
  @MaxLength(SCENE_SLOT_MAX, { message: `pinned: at most ${SCENE_SLOT_MAX} characters` })
  @Matches(/^[a-z]+(:[a-z0-9-]+)?$/, { message: 'pinned: a scene slot (overview, ranking:township…) or null' })
  pinned?: string | null;

  @IsOptional()
  @IsBoolean({ message: 'hideInsufficient: must be true or false' })
  hideInsufficient?: boolean;

  @IsOptional()
  @IsIn([1, -1], { message: 'step: 1 (forward) or -1 (back)' })
  step?: 1 | -1;

  @IsOptional()
  @IsBoolean({ message: 'reset: must be true or false' })
  reset?: boolean;
}
