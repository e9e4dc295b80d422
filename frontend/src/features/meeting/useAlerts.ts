/**
 * The alerts (告警) of the unit on show, for as long as the calling scope lives: read on every
 * unit change and every {@link ALERTS_REFRESH_MS}, acknowledged one by one or all shown at once
 * (then read again). A refused acknowledgement (403 outside one's district, 404 an alert gone)
 * is told in Chinese and changes nothing.
 */
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { AlertAckResult, AlertList } from '@gridwall/shared';
import { ackDoneText, ackErrorText, alertsPath } from '../../ui/alertView';
import { ApiError, apiGet, apiPost, errorText } from '../login/session';

/** How often the alerts are read again, ms. */
export const ALERTS_REFRESH_MS = 10_000;

/** What {@link useAlerts} returns. */
export interface UseAlertsReturn {
  /** The latest list of the unit; null while none came. */
  list: Readonly<ShallowRef<AlertList | null>>;
  /** Why the list could not be read, in Chinese; empty otherwise. */
  error: Readonly<Ref<string>>;
  /** Why the last acknowledgement was refused, in Chinese; empty otherwise. */
  ackError: Readonly<Ref<string>>;
  /** What the last acknowledgement did, in Chinese (已确认 2 条); empty otherwise. */
  ackDone: Readonly<Ref<string>>;
  /** An acknowledgement is on its way. */
  busy: Readonly<Ref<boolean>>;
  /** Acknowledges `ids`, then reads the list again. */
  acknowledge(ids: readonly string[]): Promise<void>;
}

/** Reads the alerts of `unit` (null: none) with `token`. */
export function useAlerts(
  unit: MaybeRefOrGetter<{ code: string } | null>,
  token: string,
  fetcher: typeof fetch = fetch,
): UseAlertsReturn {
  const list = shallowRef<AlertList | null>(null);
  const error = ref('');
  const ackError = ref('');
  const ackDone = ref('');
  const busy = ref(false);
  let generation = 0;
  const path = (): string | null => alertsPath(toValue(unit));

  const load = async (gen: number): Promise<void> => {
    const p = path();
    if (!p) return;
    try {
      const answer = await apiGet<AlertList>(p, token, fetcher);
      if (gen !== generation) return;
      list.value = answer;
      error.value = '';
    } catch (e) {
      if (gen === generation) error.value = errorText(e);
    }
  };

  watch(
    path,
    () => {
      const gen = ++generation;
      list.value = null;
      error.value = '';
      ackError.value = '';
      ackDone.value = '';
      void load(gen);
    },
    { immediate: true },
  );
  const timer = setInterval(() => void load(generation), ALERTS_REFRESH_MS);
  onScopeDispose(() => {
    generation++;
    clearInterval(timer);
  });

  return {
    list,
    error,
    ackError,
    ackDone,
    busy,
    async acknowledge(ids) {
      if (!ids.length || busy.value) return;
      busy.value = true;
      ackError.value = '';
      ackDone.value = '';
      const gen = generation;
      try {
        const answer = await apiPost<AlertAckResult>('/api/alerts/ack', { ids: [...ids] }, token, fetcher);
        if (gen !== generation) return;
        ackDone.value = ackDoneText(answer.acknowledged, ids.length);
        await load(gen);
      } catch (e) {
        if (gen === generation) ackError.value = ackErrorText(e instanceof ApiError ? e.status : 0);
      } finally {
        busy.value = false;
      }
    },
  };
}
