/**
 * Follows one case's details on the live client for as long as the calling scope lives: the
 * answer to its request, then every change the server pushes. Switching the case releases the
 * old one; the client asks again after a reconnect. A refusal (403, 404) is the request's own
 * answer, so it is never confused with another request's error.
 */
import type { MaybeRefOrGetter, ShallowRef } from 'vue';
import type { CaseDetail, LiveError } from '@gridwall/shared';
import type { LiveClient } from './liveClient';
import { useFollow } from './useFollow';
import { injectLiveClient } from './useLiveClient';

/** What {@link useCaseDetail} returns. */
export interface UseCaseDetailReturn {
  /** The latest details of the followed case; null until they arrive or when none is followed. */
  detail: Readonly<ShallowRef<CaseDetail | null>>;
  /** The server's refusal (403 outside one's district, 404) of the followed case; null otherwise. */
  error: Readonly<ShallowRef<LiveError | null>>;
}

/** Follows the case `caseId` (null: none) on `client` (default: the page's client). */
export function useCaseDetail(
  caseId: MaybeRefOrGetter<string | null>,
  client: Pick<LiveClient, 'followCase'> = injectLiveClient(),
): UseCaseDetailReturn {
  const { value, error } = useFollow(caseId, client.followCase);
  return { detail: value, error };
}
