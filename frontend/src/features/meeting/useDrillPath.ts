/**
 * The meeting's drill-down path (the breadcrumb) for as long as the calling scope lives: it
 * starts at the city the signed-in person may see, goes down one unit per tap, and back up by
 * the breadcrumb or one level at a time.
 */
import { computed, onScopeDispose, ref, type ComputedRef, type Ref } from 'vue';
import { AREA_LEVELS } from '@gridwall/shared';
import type { AreaLevel, AreaNode } from '@gridwall/shared';
import { apiGet, errorText } from '../login/session';
import { backTo, backUp, crumbOf, drillDown, type Crumb } from './meetingView';

/** What {@link useDrillPath} returns. */
export interface UseDrillPathReturn {
  /** From the city down to the unit on show. */
  path: Readonly<Ref<readonly Crumb[]>>;
  /** The unit on show; null until the city loaded. */
  current: ComputedRef<Crumb | null>;
  /** The level of the current unit's children; null below the last level. */
  childLevel: ComputedRef<AreaLevel | null>;
  /** Why the city could not be loaded; empty otherwise. */
  loadError: Readonly<Ref<string>>;
  /** Goes down to `child` of the current unit (its level defaults to {@link childLevel}). */
  drill(child: { code: string; name: string; level?: AreaLevel }): void;
  /** Goes back to the `index`-th crumb. */
  goBack(index: number): void;
  /** Goes one level up. */
  goUp(): void;
}

/** The drill-down path, loaded with `token`. */
export function useDrillPath(token: string): UseDrillPathReturn {
  const path = ref<Crumb[]>([]);
  const loadError = ref('');
  const current = computed<Crumb | null>(() => path.value.at(-1) ?? null);
  const childLevel = computed(() => {
    const level = current.value?.level;
    return level ? (AREA_LEVELS[AREA_LEVELS.indexOf(level) + 1] ?? null) : null;
  });

  let disposed = false;
  onScopeDispose(() => {
    disposed = true;
  });
  apiGet<AreaNode[]>('/api/areas', token).then(
    (nodes) => {
      if (!disposed && nodes[0]) path.value = [crumbOf(nodes[0])];
    },
    (e: unknown) => {
      if (!disposed) loadError.value = errorText(e);
    },
  );

  return {
    path,
    current,
    childLevel,
    loadError,
    drill(child) {
      const level = child.level ?? childLevel.value;
      if (level) path.value = drillDown(path.value, { code: child.code, name: child.name, level });
    },
    goBack(index) {
      path.value = backTo(path.value, index);
    },
    goUp() {
      path.value = backUp(path.value);
    },
  };
}
