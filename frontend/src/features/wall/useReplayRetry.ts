/**
 * A replay's one snapshot must come even when its answer is lost (a reconnect, a timed-out
 * acknowledgement): the live watchdog does not run on a replay (no patch is expected, so silence
 * says nothing), so this asks again every `intervalMs` while the replay has neither its figures
 * nor an error. Once either is there, it asks no more.
 */
import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue';
import type { LiveClient } from '../../live/liveClient';

/** Options of {@link useReplayRetry}. */
export interface UseReplayRetryOptions {
  /** Whether the replay is still waiting (no figures, no error). */
  waiting: MaybeRefOrGetter<boolean>;
  /**
   * How often to ask again, ms.
   * @default 10_000
   */
  intervalMs?: number;
}

/** Asks `client` again for every unanswered subscription while `waiting`; stops on dispose. */
export function useReplayRetry(client: Pick<LiveClient, 'resyncAll'>, options: UseReplayRetryOptions): void {
  const { intervalMs = 10_000 } = options;
  const timer = setInterval(() => {
    if (toValue(options.waiting)) client.resyncAll();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
}
