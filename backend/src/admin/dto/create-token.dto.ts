import { IsDefined, IsIn, IsString, Length } from 'class-validator';

/** Body of `POST /api/admin/tokens`. */
export class CreateTokenDto {
  /** `screen`: a wall token; `ingest`: an upstream key. */
  @IsIn(['screen', 'ingest'], { message: 'must be screen or ingest' })
  kind!: 'screen' | 'ingest';

  /** What the token is for, e.g. the screen's place. */
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @Length(1, 100, { message: '1–100 characters' })
  label!: string;
}
