/**
 * The wall's issued assessments: for each assessment kind on its playlist, the last issued one
 * for the wall's scope, read at start and again every few minutes (one interval for all kinds,
 * cleared on dispose). Each answer replaces the last, so a wall running for months holds one
 * assessment per kind; a failed refresh keeps what was shown and says why.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { AssessmentKind } from '@gridwall/shared';
import { loadLatestAssessment, type LatestAssessment } from '../../issued/latestAssessment';
import { getJson } from '../../utils/http';
import { errorText } from '../login/session';

/** What the wall knows of one kind. */
export interface LatestState {
  /** The last answer; null before the first. */
  data: LatestAssessment | null;
  /** Why the last read failed, in Chinese; empty after a success. */
  error: string;
}

/** Options of {@link useLatestAssessments}. */
export interface UseLatestAssessmentsOptions {
  /** Area code of the wall's scope. */
  scope: string;
  /** The wall's screen token. */
  token: string;
  /**
   * Read again this often, ms (an assessment is issued once per period; minutes are plenty).
   * @default 300000
   */
  refreshMs?: number;
  /**
   * The fetch to use.
   * @default fetch
   */
  fetcher?: typeof fetch;
}

/** Default refresh of the issued assessments, ms. */
export const ASSESSMENT_REFRESH_MS = 5 * 60_000;

/** Keeps the last issued assessment of each of `kinds` for the wall's scope. */
export function useLatestAssessments(
  kinds: readonly AssessmentKind[],
  options: UseLatestAssessmentsOptions,
): Readonly<ShallowRef<Partial<Record<AssessmentKind, LatestState>>>> {
  const { scope, token, refreshMs = ASSESSMENT_REFRESH_MS, fetcher = fetch } = options;
  const state = shallowRef<Partial<Record<AssessmentKind, LatestState>>>({});
  const unique = [...new Set(kinds)];
  let disposed = false;
  let running = false;

  const read = <T>(path: string): Promise<T> => getJson<T>(path, token, fetcher);
  const refresh = async (): Promise<void> => {
    // A slow server must not pile reads up behind each other.
    if (running) return;
    running = true;
    try {
      for (const kind of unique) {
        const before = state.value[kind]?.data ?? null;
        let next: LatestState;
        try {
          next = { data: await loadLatestAssessment(kind, scope, read, before), error: '' };
        } catch (e) {
          next = { data: before, error: errorText(e, '通报加载失败') };
        }
        if (disposed) return;
        const current = state.value[kind];
        if (current?.data !== next.data || current?.error !== next.error)
          state.value = { ...state.value, [kind]: next };
      }
    } finally {
      running = false;
    }
  };

  if (unique.length > 0) {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    onScopeDispose(() => {
      disposed = true;
      clearInterval(timer);
    });
  }
  return state;
}
