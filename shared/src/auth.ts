/**
 * Roles and sign-in of ../shared/spec/api.md §4.
 */

/** Roles of api.md §4. */
export const ROLES = ['wall', 'leader', 'district', 'ingest', 'admin'] as const;
/** One role. */
export type Role = (typeof ROLES)[number];

/** POST /api/auth/login answers this: a session token for 12 hours. */
export interface LoginResponse {
  /** Bearer token. */
  token: string;
  role: Role;
  /** Sign-in name. */
  name: string;
  /** What people read (张主任（中原区）): the user's display name, else the sign-in name. */
  displayName: string;
  /** District a `district` user is bound to; null for the others. */
  districtCode: string | null;
  /** End of the session, ISO-8601 in city time. */
  expiresAt: string;
}
