/**
 * Follows one key of a keyed server push (a case, a presenter channel) for as long as the
 * calling scope lives: the latest value and the request's refusal, reset and followed anew
 * whenever the key changes, released on dispose.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { LiveError } from '@gridwall/shared';
import type { FollowListener } from './following';

/** What {@link useFollow} returns. */
export interface UseFollowReturn<T> {
  /** The latest value of the followed key; null until it arrives or when none is followed. */
  value: Readonly<ShallowRef<T | null>>;
  /** The server's refusal of the followed key; null otherwise. */
  error: Readonly<ShallowRef<LiveError | null>>;
}

/** Follows `key` (null: none) through `follow` (a live client method). */
export function useFollow<T>(
  key: MaybeRefOrGetter<string | null>,
  follow: (key: string, listener: FollowListener<T>) => () => void,
): UseFollowReturn<T> {
  const value = shallowRef<T | null>(null);
  const error = shallowRef<LiveError | null>(null);
  let release: (() => void) | null = null;
  const stop = (): void => {
    release?.();
    release = null;
  };

  watch(
    () => toValue(key),
    (next) => {
      stop();
      value.value = null;
      error.value = null;
      if (next === null) return;
      release = follow(next, {
        next: (v) => {
          value.value = v;
          error.value = null;
        },
        error: (e) => {
          error.value = e;
        },
      });
    },
    { immediate: true },
  );
  onScopeDispose(stop);

  return { value, error };
}
