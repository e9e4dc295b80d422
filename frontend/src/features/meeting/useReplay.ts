/**
 * The tablet's replay for as long as the calling scope lives: a moment T (null: live), play at
 * ×60 or ×600, and the figures, ranking and overdue list read at T from the REST API.
 *
 * Requests stay bounded while playing: one frame (its three reads) is in flight at a time; when
 * it answers, the newest moment is read next and every moment passed over meanwhile is skipped.
 * The frame on show names its own moment (`shownAt`), so the screen never claims a moment whose
 * figures have not arrived.
 */
import { computed, onScopeDispose, ref, shallowRef, toValue, watch } from 'vue';
import type { ComputedRef, MaybeRefOrGetter, Ref } from 'vue';
import type { OverdueView, RankingView, StatsView } from '@gridwall/shared';
import { ApiError, apiGet, errorText } from '../login/session';
import { advanceMoment, clampMoment, replayKey, replayPaths, type ReplayQuery, type ReplaySpeed } from './replay';

/** One frame: the figures at a moment. */
export interface ReplayFrame {
  /** The moment, epoch ms. */
  at: number;
  /** The scope and period it was read for. */
  key: string;
  stats: StatsView;
  rankings: RankingView | null;
  overdue: OverdueView;
}

/** Options of {@link useReplay}. */
export interface UseReplayOptions {
  /**
   * Real ms between play ticks.
   * @default 250
   */
  tickMs?: number;
  /**
   * Clock, epoch ms.
   * @default Date.now
   */
  now?: () => number;
  /**
   * GET with the token.
   * @default apiGet
   */
  get?: <T>(path: string, token: string) => Promise<T>;
}

/** What {@link useReplay} returns. */
export interface UseReplayReturn {
  /** The moment asked for, epoch ms; null: live. Write it to scrub. */
  at: Ref<number | null>;
  /** Whether play is on. */
  playing: Readonly<Ref<boolean>>;
  /** The play speed. */
  speed: Ref<ReplaySpeed>;
  /** The frame on show for the current query; null until the first answers. */
  frame: ComputedRef<ReplayFrame | null>;
  /** Whether a frame is being read. */
  loading: Readonly<Ref<boolean>>;
  /** Why the last frame could not be read (e.g. a moment before the log); empty otherwise. */
  error: Readonly<Ref<string>>;
  /** Frames read so far (for tests: play reads fewer frames than it passes moments). */
  reads: Readonly<Ref<number>>;
  play(): void;
  pause(): void;
  /** Back to live. */
  leave(): void;
}

/** Why a moment cannot be replayed, in words: the server refuses (400) a future moment or one before its log. */
export function replayErrorText(e: unknown): string {
  return e instanceof ApiError && e.status === 400
    ? '无法回放该时刻：它早于最早的记录，或晚于现在。请向后拖动时间轴'
    : errorText(e);
}

/** Replays `query` (null: nothing to read) with `token`, starting at `initialAt` (null: live). */
export function useReplay(
  query: MaybeRefOrGetter<ReplayQuery | null>,
  token: string,
  initialAt: number | null,
  options: UseReplayOptions = {},
): UseReplayReturn {
  const { tickMs = 250, now = Date.now, get = apiGet } = options;
  const at = ref<number | null>(initialAt === null ? null : clampMoment(initialAt, now()));
  const playing = ref(false);
  const speed = ref<ReplaySpeed>(60);
  const shown = shallowRef<ReplayFrame | null>(null);
  const loading = ref(false);
  const error = ref('');
  const reads = ref(0);
  let disposed = false;
  let inFlight = false;

  const wanted = (): { q: ReplayQuery; t: number; key: string } | null => {
    const q = toValue(query);
    const t = at.value;
    return q && t !== null ? { q, t, key: replayKey(q, t) } : null;
  };

  /** Reads the newest wanted frame unless one is in flight (its answer reads the next). */
  const pump = async (): Promise<void> => {
    if (inFlight || disposed) return;
    const w = wanted();
    if (!w || shown.value?.key === w.key) return;
    inFlight = true;
    loading.value = true;
    reads.value += 1;
    const paths = replayPaths(w.q, w.t);
    try {
      const [stats, rankings, overdue] = await Promise.all([
        get<StatsView>(paths.stats, token),
        paths.rankings ? get<RankingView>(paths.rankings, token) : Promise.resolve(null),
        get<OverdueView>(paths.overdue, token),
      ]);
      if (!disposed) {
        shown.value = { at: w.t, key: w.key, stats, rankings, overdue };
        error.value = '';
      }
    } catch (e) {
      if (!disposed) {
        error.value = replayErrorText(e);
        playing.value = false;
      }
    } finally {
      inFlight = false;
      loading.value = false;
    }
    // A failed frame is not retried on its own: the next scrub or play asks again.
    if (!error.value) void pump();
  };

  watch(
    () => wanted()?.key ?? null,
    (key) => {
      if (key !== null) {
        error.value = '';
        void pump();
      }
    },
    { immediate: true },
  );

  let last = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const tick = (): void => {
    const t = now();
    const elapsed = t - last;
    last = t;
    if (at.value === null) return;
    const next = advanceMoment(at.value, speed.value, elapsed, t);
    at.value = next;
    if (next >= t) playing.value = false;
  };
  watch(playing, (on) => {
    stopTimer();
    if (on) {
      last = now();
      timer = setInterval(tick, tickMs);
    }
  });
  onScopeDispose(() => {
    disposed = true;
    stopTimer();
  });

  const frame = computed(() => {
    const q = toValue(query);
    const f = shown.value;
    // A frame of another scope or period is not shown (its figures would be the wrong unit's).
    return f && q && f.key === replayKey(q, f.at) ? f : null;
  });

  return {
    at,
    playing,
    speed,
    frame,
    loading,
    error,
    reads,
    play() {
      if (at.value === null) return;
      if (at.value >= now() - 1000) at.value = clampMoment(0, now());
      playing.value = true;
    },
    pause() {
      playing.value = false;
    },
    leave() {
      playing.value = false;
      at.value = null;
      shown.value = null;
      error.value = '';
    },
  };
}
