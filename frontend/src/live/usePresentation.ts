/**
 * Follows a presenter channel on the live client for as long as the calling scope lives, and
 * anew when the channel name changes (the client asks again after every reconnect). Holds only
 * the latest presentation, so a wall can follow for months.
 */
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { Presentation, WallControl } from '@gridwall/shared';
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
  return useChannel(channel, client).presenting;
}

/**
 * Follows `channel` like {@link usePresentation} and also gives the operator's control of the
 * channel's walls (pause, pin, step, hide 样本不足; null: none given).
 */
export function useChannel(
  channel: MaybeRefOrGetter<string>,
  client: Pick<LiveClient, 'watchChannel'> = injectLiveClient(),
): { presenting: ComputedRef<Presentation | null>; control: ComputedRef<WallControl | null> } {
  const { value } = useFollow(() => toValue(channel).trim() || null, client.watchChannel);
  return {
    presenting: computed(() => (value.value?.target ? value.value : null)),
    control: computed(() => value.value?.control ?? null),
  };
}
