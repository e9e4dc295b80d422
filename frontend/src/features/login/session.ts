/**
 * The signed-in person's session (name + password → a 12-hour token, api.md §4), kept in
 * sessionStorage so it dies with the tab, and the REST reads made with it. A 401 from anywhere
 * ends the session and returns to `/login`.
 */

import type { LoginResponse, Role } from '@gridwall/shared';
import { isSessionPage, pageOf } from '../../routes';
import { ApiError, getJson, statusText } from '../../utils/http';

export { ApiError };

export type { Role };

/** What POST /api/auth/login answers, as kept. */
export type Session = LoginResponse;

/** sessionStorage key of the session. */
export const SESSION_KEY = 'gridwall.session';

/** The page each role lands on after signing in. */
export function homeOf(role: Role): string {
  if (role === 'district') return '/district';
  if (role === 'leader' || role === 'admin') return '/meeting';
  return '/login';
}

/** Roles that may use the tablet pages. */
export function mayUseTablet(role: Role): boolean {
  return role === 'leader' || role === 'admin' || role === 'district';
}

/**
 * The name to show for the signed-in person where people's names belong (张主任（中原区）): the
 * display name, else the sign-in name (a session stored before display names existed).
 */
export function displayName(session: Pick<Session, 'name' | 'displayName'>): string {
  return session.displayName?.trim() || session.name;
}

/** The stored session; null when none, malformed or expired at `now` (epoch ms). */
export function readSession(storage: Pick<Storage, 'getItem'>, now: number = Date.now()): Session | null {
  const raw = storage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || typeof s.role !== 'string' || typeof s.name !== 'string') return null;
    if (typeof s.expiresAt === 'string' && Date.parse(s.expiresAt) <= now) return null;
    return {
      token: s.token,
      role: s.role,
      name: s.name,
      displayName: typeof s.displayName === 'string' && s.displayName.trim() ? s.displayName : s.name,
      districtCode: s.districtCode ?? null,
      expiresAt: s.expiresAt ?? '',
    };
  } catch {
    return null;
  }
}

/** Keeps `session` for this tab. */
export function saveSession(storage: Pick<Storage, 'setItem'>, session: Session): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Forgets the session. */
export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(SESSION_KEY);
}

/** What to tell the user about a failed call: the {@link ApiError}'s message, else `fallback`. */
export function errorText(error: unknown, fallback = '加载失败'): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** Chinese message for a failed sign-in. */
export function loginErrorText(status: number): string {
  if (status === 401) return '用户名或密码错误';
  if (status === 429) return '尝试次数过多，请五分钟后再试';
  if (status === 400) return '请输入用户名和密码';
  if (status === 0) return '无法连接服务器，请检查网络';
  return `登录失败（${status}）`;
}

/** Signs in; resolves to the session or rejects with an {@link ApiError}. */
export async function signIn(name: string, password: string, fetcher: typeof fetch = fetch): Promise<Session> {
  let res: Response;
  try {
    res = await fetcher('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
  } catch {
    throw new ApiError(0, loginErrorText(0));
  }
  if (!res.ok) throw new ApiError(res.status, loginErrorText(res.status));
  const body = (await res.json()) as Session;
  return { ...body, displayName: displayName(body), districtCode: body.districtCode ?? null };
}

/** Leaves for the sign-in page, forgetting the session (a 401, a sign-out). */
export function goToLogin(): void {
  clearSession(window.sessionStorage);
  const back = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(back)}`);
}

/** Where to go after signing in: `next` when it is a local tablet page, else the role's home. */
export function afterLogin(role: Role, next: string | null): string {
  const page = next?.startsWith('/') ? pageOf(next.split('?')[0]) : null;
  if (next && page && isSessionPage(page)) return next;
  return homeOf(role);
}

/**
 * GETs a JSON read with the session's token. A 401 ends the session (back to /login); other
 * failures reject with an {@link ApiError}.
 */
export async function apiGet<T>(path: string, token: string, fetcher: typeof fetch = fetch): Promise<T> {
  try {
    return await getJson<T>(path, token, fetcher);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) goToLogin();
    throw e;
  }
}

/** Ends the session on the server (best effort) and returns to the sign-in page. */
export async function signOut(token: string, fetcher: typeof fetch = fetch): Promise<void> {
  await fetcher('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(
    () => undefined,
  );
  clearSession(window.sessionStorage);
  window.location.assign('/login');
}

/**
 * POSTs a JSON body with the session's token and reads the JSON answer. A 401 ends the session
 * (back to /login); other failures reject with an {@link ApiError} carrying the status.
 */
export async function apiPost<T>(
  path: string,
  body: unknown,
  token: string,
  fetcher: typeof fetch = fetch,
): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, statusText(0));
  }
  if (res.status === 401) goToLogin();
  if (!res.ok) throw new ApiError(res.status, statusText(res.status));
  return (await res.json()) as T;
}
