/**
 * State of the wall that outlives a scene: where each long ranking list was left, so the next
 * visit of its scene pages on from there instead of starting at the top again.
 */
import { defineStore } from 'pinia';
import { ref, shallowReactive } from 'vue';

/** Pinia store of the wall's cross-scene state. */
export const useWallStore = defineStore('wall', () => {
  /** Page of each list (key: e.g. `ranking:village`) at the end of its scene's last visit. */
  const pages = shallowReactive(new Map<string, number>());

  function pageOf(list: string): number {
    return pages.get(list) ?? 0;
  }

  function setPage(list: string, page: number): void {
    pages.set(list, page);
  }

  /** An operator asked (from a tablet) to leave 样本不足 rows out of the rankings shown. */
  const hideInsufficient = ref(false);

  return { pages, pageOf, setPage, hideInsufficient };
});
