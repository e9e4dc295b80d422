/**
 * Follows a presenter channel (`watch {channel}` → `presenting`) for as long as the calling
 * scope lives, watching again after every reconnect (the server forgets a dropped socket's
 * channels) and when the channel name changes. Holds only the latest presentation, so a wall
 * can follow for months.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { Presentation } from '@gridwall/shared';
import type { LiveSocket } from '../services/liveClient';

/**
 * Follows `channel` on `socket`. The ref holds what is presented now: null before the first
 * `presenting` and whenever nothing is presented (the wall's playlist).
 */
export function usePresentation(
  socket: LiveSocket,
  channel: MaybeRefOrGetter<string>,
): Readonly<ShallowRef<Presentation | null>> {
  const presentation = shallowRef<Presentation | null>(null);
  let current = '';
  const watchChannel = (): void => {
    if (current && socket.connected) socket.emit('watch', { channel: current });
  };
  const onPresenting = (p: Presentation): void => {
    if (p.channel !== current) return;
    presentation.value = p.target === null ? null : p;
  };
  socket.on('connect', watchChannel);
  socket.on('presenting', onPresenting);
  watch(
    () => toValue(channel).trim(),
    (next) => {
      if (next === current) return;
      current = next;
      presentation.value = null;
      watchChannel();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    socket.off('connect', watchChannel);
    socket.off('presenting', onPresenting);
  });
  return presentation;
}
