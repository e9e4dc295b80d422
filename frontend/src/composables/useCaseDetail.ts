/**
 * Follows one case's details over the live socket (`case-subscribe` → `case`, re-sent by the
 * server whenever the case changes) for as long as the calling scope lives, re-subscribing
 * after a reconnect and unsubscribing when the case changes or the scope ends.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { CaseDetail, LiveError } from '@gridwall/shared';
import type { LiveSocket } from '../services/liveClient';

/** What {@link useCaseDetail} returns. */
export interface UseCaseDetailReturn {
  /** The latest details of the followed case; null until they arrive or when none is followed. */
  detail: Readonly<ShallowRef<CaseDetail | null>>;
  /** A refusal (403 outside one's district, 404) for the followed case; null otherwise. */
  error: Readonly<ShallowRef<LiveError | null>>;
}

/** Follows the case `caseId` (null: none) on `socket`. */
export function useCaseDetail(socket: LiveSocket, caseId: MaybeRefOrGetter<string | null>): UseCaseDetailReturn {
  const detail = shallowRef<CaseDetail | null>(null);
  const error = shallowRef<LiveError | null>(null);
  let current: string | null = null;

  const subscribe = (): void => {
    if (current !== null && socket.connected) socket.emit('case-subscribe', { caseId: current });
  };
  const onCase = (d: CaseDetail): void => {
    if (d.caseId === current) {
      detail.value = d;
      error.value = null;
    }
  };
  // The server's refusals carry no case id; while a case is asked for and has not arrived, a
  // refusal is taken as its answer.
  const onError = (e: LiveError): void => {
    if (current !== null && detail.value === null && e.statusCode >= 400 && e.statusCode !== 401) error.value = e;
  };

  socket.on('connect', subscribe);
  socket.on('case', onCase);
  socket.on('live-error', onError);

  watch(
    () => toValue(caseId),
    (next) => {
      if (next === current) return;
      if (current !== null && socket.connected) socket.emit('case-unsubscribe', { caseId: current });
      current = next;
      detail.value = null;
      error.value = null;
      subscribe();
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    if (current !== null && socket.connected) socket.emit('case-unsubscribe', { caseId: current });
    current = null;
    socket.off('connect', subscribe);
    socket.off('case', onCase);
    socket.off('live-error', onError);
  });

  return { detail, error };
}
