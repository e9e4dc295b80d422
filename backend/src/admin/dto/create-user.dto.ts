import { ID_PATTERN } from '@gridwall/shared';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Role } from '../../auth/auth.entities';

const PEOPLE_ROLES = ['leader', 'district', 'admin'] as const;

/** Body of `POST /api/admin/users`. The service checks the rest (a district user needs a district). */
export class CreateUserDto {
  /** Sign-in name. */
  @IsDefined({ message: 'is required' })
  @Matches(/^[A-Za-z0-9._-]{2,64}$/, { message: 'must be 2–64 of [A-Za-z0-9._-]' })
  name!: string;

  /** The initial password (stored as a scrypt hash). */
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @MinLength(8, { message: 'at least 8 characters' })
  @MaxLength(1024, { message: 'at most 1024 characters' })
  password!: string;

  /** A person's role (screens and upstream systems get tokens instead). */
  @IsDefined({ message: 'is required' })
  @IsIn(PEOPLE_ROLES, { message: 'one of leader, district, admin (screens and upstream systems get tokens)' })
  role!: Extract<Role, (typeof PEOPLE_ROLES)[number]>;

  /** What people read (张主任（中原区）), 1–32 characters; default: the sign-in name. */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(32, { message: 'at most 32 characters' })
  displayName?: string | null;

  /** The district of a district user. */
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'must be an area code (1–64 of [A-Za-z0-9._:-])' })
  districtCode?: string | null;
}
