/**
 * Keeps the tablet's place in the address for as long as the calling scope lives (issue 13
 * item 16): every new step (another unit, case, period, entering or leaving replay) is a history
 * entry, so back returns to it; moving the replay moment replaces the entry (play would flood the
 * history). Back and forward apply the address's place again.
 */
import { onScopeDispose, watch } from 'vue';
import { isNewStep, parsePlace, placeSearch, type MeetingPlace } from './meetingUrl';

/** Writes `place()` to the address whenever it changes; `apply` receives the place of back/forward. */
export function usePlaceInAddress(place: () => MeetingPlace | null, apply: (place: MeetingPlace) => void): void {
  let written = parsePlace(window.location.search);
  watch(place, (next) => {
    if (!next) return;
    const search = placeSearch(next);
    if (search === window.location.search) {
      written = next;
      return;
    }
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (isNewStep(written, next)) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    written = next;
  });
  const onPop = (): void => {
    written = parsePlace(window.location.search);
    apply(written);
  };
  window.addEventListener('popstate', onPop);
  onScopeDispose(() => window.removeEventListener('popstate', onPop));
}
