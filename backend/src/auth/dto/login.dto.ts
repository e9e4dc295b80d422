import { IsDefined, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST /api/auth/login`. */
export class LoginDto {
  /** The user's name. */
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'is required' })
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(256, { message: 'must be at most 256 characters' })
  name!: string;

  /** The user's password. */
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'is required' })
  @IsNotEmpty({ message: 'is required' })
  @MaxLength(1024, { message: 'must be at most 1024 characters' })
  password!: string;
}
