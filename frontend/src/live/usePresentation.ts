/**
 * Follows a presenter channel on the live client for as long as the calling scope lives, and
 * anew when the channel name changes (the client asks again after every reconnect). Holds only
 * the latest presentation, so a wall can follow for months.
 */
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { Presentation } from '@gridwall/shared';
import type { LiveClient } from './liveClient';
import { useFollow } from './useFollow';
import { injectLiveClient } from './useLiveClient';

/**
 * Follows `channel` (empty: none) on `client` (default: the page's client): what is presented
 * now, null before the first answer and whenever nothing is presented (the wall's playlist).
 */
export function usePresentation(
  channel: MaybeRefOrGetter<string>,
  client: Pick<LiveClient, 'watchChannel'> = injectLiveClient(),
): ComputedRef<Presentation | null> {
  const { value } = useFollow(() => toValue(channel).trim() || null, client.watchChannel);
  return computed(() => (value.value?.target ? value.value : null));
}
