import type { Role, TokenEntity, TokenKind } from './auth.entities';

/** A token as shown to an admin (never the token itself). */
export interface TokenView {
  id: string;
  kind: TokenKind;
  role: Role;
  label: string;
  districtCode: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

/** The admin's view of a stored token. */
export function toView(r: TokenEntity): TokenView {
  return {
    id: r.id,
    kind: r.kind,
    role: r.role,
    label: r.label,
    districtCode: r.districtCode,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
  };
}
