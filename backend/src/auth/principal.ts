import type { Role, TokenKind } from './auth.entities';

/** Who is calling, as established from a bearer token. */
export interface Principal {
  role: Role;
  /** The user's name, the screen's label or the ingest key's label. */
  name: string;
  /** For `district` principals: the district whose case details they may see. */
  districtCode: string | null;
  /** The stored token's id (null for keys from INGEST_KEYS). */
  tokenId: string | null;
  kind: TokenKind | 'env';
  /** When the credential expires, epoch ms (null or absent: it does not). */
  expiresAt?: number | null;
  /** What people read: the user's display name, else the name above. */
  displayName?: string;
  /** The user a session or user token belongs to (null or absent: a screen, a key). */
  userId?: string | null;
}

/** Roles that may read aggregates, rankings, overdue lists and the public feed. */
export const READ_ROLES: readonly Role[] = ['wall', 'leader', 'district', 'admin'];
/** Roles that may see case details and the meeting agenda (district: its own district only). */
export const DETAIL_ROLES: readonly Role[] = ['leader', 'district', 'admin'];
