import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintMs, smallBool } from '../database/transformers';

import { ROLES, type Role } from '@gridwall/shared';

export { ROLES, type Role };

/** A person who signs in with a name and password. */
@Entity('app_user')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('uq_app_user_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** scrypt$N$r$p$salt$hash. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** What people read (张主任（中原区）); null: the sign-in name is shown. */
  @Column({ name: 'display_name', type: 'varchar', length: 64, nullable: true })
  displayName: string | null;

  /** The district a `district` user may see case details of. */
  @Column({ name: 'district_code', type: 'varchar', length: 32, nullable: true })
  districtCode: string | null;

  @Column({ type: 'smallint', transformer: smallBool })
  disabled: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintMs })
  createdAt: number;
}

/** Kinds of bearer token. */
export type TokenKind = 'session' | 'screen' | 'ingest';

/** A bearer credential: a person's session, a wall screen's long-lived token, an ingest key. Stored hashed. */
@Entity('auth_token')
export class TokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** SHA-256 of the token, hex. The token itself is shown once, when created. */
  @Index('uq_auth_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  kind: TokenKind;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ name: 'district_code', type: 'varchar', length: 32, nullable: true })
  districtCode: string | null;

  /** Who or what holds it: the user's name, the screen's label, the upstream system. */
  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintMs })
  createdAt: number;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: bigintMs })
  expiresAt: number | null;

  @Index('idx_auth_token_revoked')
  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: bigintMs })
  revokedAt: number | null;
}

/** Every sign-in, token creation and revocation, and configuration change. */
@Entity('audit_log')
export class AuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'at_ms', type: 'bigint', transformer: bigintMs })
  at: number;

  /** Who did it (user or token label), or the name tried for a failed sign-in. */
  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'text' })
  detail: string;
}

/** Runtime settings edited by admins (the domain configuration). */
@Entity('app_setting')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintMs })
  updatedAt: number;
}
