/**
 * Reloads the page once a day at a quiet city-time hour, but only when the server answers: a
 * reload while it is down would leave the screen on the browser's error page for good.
 */
import { onScopeDispose } from 'vue';
import { nextCityTime } from './reloadSchedule';
import type { TimeOfDay } from './wallParams';

/** How long to wait before probing again when the server did not answer, ms. */
export const RELOAD_RETRY_MS = 60_000;

/** Options of {@link useDailyReload}. */
export interface UseDailyReloadOptions {
  /** City time of the reload; null disables it. */
  at: TimeOfDay | null;
  /**
   * Asks the server whether a reload would succeed.
   * @default a no-store GET of the page's own URL
   */
  probe?: () => Promise<boolean>;
  /**
   * Performs the reload.
   * @default location.reload()
   */
  reload?: () => void;
}

const defaultProbe = async (): Promise<boolean> => {
  try {
    const res = await fetch(window.location.href, { cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
};

/** Schedules the daily reload for as long as the calling scope lives. */
export function useDailyReload(options: UseDailyReloadOptions): void {
  const { at, probe = defaultProbe, reload = () => window.location.reload() } = options;
  if (!at) return;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const arm = (delay: number): void => {
    if (disposed) return;
    timer = setTimeout(() => void attempt(), delay);
  };
  const attempt = async (): Promise<void> => {
    timer = null;
    if (await probe()) {
      if (!disposed) reload();
    } else arm(RELOAD_RETRY_MS);
  };
  arm(nextCityTime(Date.now(), at) - Date.now());

  onScopeDispose(() => {
    disposed = true;
    if (timer !== null) clearTimeout(timer);
  });
}
