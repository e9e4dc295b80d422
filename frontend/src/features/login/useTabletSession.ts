/**
 * The session of a tablet page: the signed-in person's token, or a trip to `/login` when there
 * is none (or the socket says 401). Also opens the page's live connection with that token.
 */
import { watch } from 'vue';
import type { LiveClient } from '../../live/liveClient';
import { useLiveStore } from '../../live/liveStore';
import { useLiveClient } from '../../live/useLiveClient';
import { goToLogin, mayUseTablet, readSession, type Session } from './session';

/** What {@link useTabletSession} returns. */
export interface UseTabletSessionReturn {
  session: Session;
  client: LiveClient;
}

/** The session and live client of a tablet page; null (after starting the trip to /login) when signed out. */
export function useTabletSession(): UseTabletSessionReturn | null {
  const session = readSession(window.sessionStorage);
  if (!session || !mayUseTablet(session.role)) {
    goToLogin();
    return null;
  }
  const client = useLiveClient({ token: session.token });
  const live = useLiveStore();
  watch(
    () => live.lastError,
    (e) => {
      if (e?.statusCode === 401) goToLogin();
    },
  );
  return { session, client };
}
