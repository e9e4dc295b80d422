/**
 * One REST read of the signed-in person for as long as the calling scope lives: fetched again
 * whenever its path changes (an answer to an older path is dropped) and, optionally, on a timer
 * (cleared on dispose). Holds only the latest answer.
 */
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import { apiGet, errorText } from './session';

/** Options of {@link useApiResource}. */
export interface UseApiResourceOptions {
  /**
   * Read the path again this often, ms; 0: only when the path changes.
   * @default 0
   */
  refreshMs?: number;
  /**
   * The fetch to use.
   * @default fetch
   */
  fetcher?: typeof fetch;
}

/** What {@link useApiResource} returns. */
export interface UseApiResourceReturn<T> {
  /** The latest answer for the current path; null while none came (or without a path). */
  data: Readonly<ShallowRef<T | null>>;
  /** Why the last read failed, in Chinese; empty after a success. */
  error: Readonly<Ref<string>>;
}

/** GETs `path` (null: nothing to read) with `token`. */
export function useApiResource<T>(
  path: MaybeRefOrGetter<string | null>,
  token: string,
  options: UseApiResourceOptions = {},
): UseApiResourceReturn<T> {
  const { refreshMs = 0, fetcher = fetch } = options;
  const data = shallowRef<T | null>(null);
  const error = ref('');
  let generation = 0;

  const load = async (p: string, gen: number): Promise<void> => {
    try {
      const answer = await apiGet<T>(p, token, fetcher);
      if (gen !== generation) return;
      data.value = answer;
      error.value = '';
    } catch (e) {
      if (gen === generation) error.value = errorText(e);
    }
  };

  watch(
    () => toValue(path),
    (p) => {
      const gen = ++generation;
      data.value = null;
      error.value = '';
      if (p) void load(p, gen);
    },
    { immediate: true },
  );
  const timer =
    refreshMs > 0
      ? setInterval(() => {
          const p = toValue(path);
          if (p) void load(p, generation);
        }, refreshMs)
      : null;
  onScopeDispose(() => {
    generation++;
    if (timer !== null) clearInterval(timer);
  });

  return { data, error };
}
