/**
 * The issued periods a tablet's picker offers: the newest few of each kind (api.md §4), read
 * when the page opens and again every few minutes while it stays open (a meeting may outlast a
 * freeze time). Each read replaces the last; the timer is cleared on dispose.
 */
import { onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ASSESSMENT_KINDS } from '@gridwall/shared';
import type { AssessmentHeader, AssessmentKind, AssessmentList } from '@gridwall/shared';
import { apiGet, errorText } from '../features/login/session';
import { assessmentListPath } from './issuedPaths';
import { ISSUED_LIMITS } from './periodChoice';

/** What {@link useIssuedLists} returns. */
export interface UseIssuedListsReturn {
  /** Issued periods of each kind, newest first; empty until read. */
  lists: Readonly<ShallowRef<Partial<Record<AssessmentKind, AssessmentHeader[]>>>>;
  /** Why the last read failed, in Chinese; empty otherwise. */
  error: Readonly<Ref<string>>;
}

/** Options of {@link useIssuedLists}. */
export interface UseIssuedListsOptions {
  /**
   * Read again this often, ms.
   * @default 300000
   */
  refreshMs?: number;
  /**
   * The fetch to use.
   * @default fetch
   */
  fetcher?: typeof fetch;
}

/** Reads the issued periods of every kind with `token`. */
export function useIssuedLists(token: string, options: UseIssuedListsOptions = {}): UseIssuedListsReturn {
  const { refreshMs = 300_000, fetcher = fetch } = options;
  const lists = shallowRef<Partial<Record<AssessmentKind, AssessmentHeader[]>>>({});
  const error = ref('');
  let disposed = false;

  const load = async (): Promise<void> => {
    try {
      const answers = await Promise.all(
        ASSESSMENT_KINDS.map((kind) =>
          apiGet<AssessmentList>(assessmentListPath(kind, ISSUED_LIMITS[kind]), token, fetcher),
        ),
      );
      if (disposed) return;
      lists.value = Object.fromEntries(ASSESSMENT_KINDS.map((kind, i) => [kind, answers[i].items]));
      error.value = '';
    } catch (e) {
      if (!disposed) error.value = errorText(e, '已发布通报列表加载失败');
    }
  };

  void load();
  const timer = setInterval(() => void load(), refreshMs);
  onScopeDispose(() => {
    disposed = true;
    clearInterval(timer);
  });
  return { lists, error };
}
