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
  /** Shows the path of `codes` below the city (as far as they name units of the tree), e.g. from the address. */
  goTo(codes: readonly string[]): void;
}

/**
 * The drill-down path, loaded with `token`, starting at the units `initial` names below the city
 * (each a child of the one before; the path stops at the first that is not).
 */
export function useDrillPath(token: string, initial: readonly string[] = []): UseDrillPathReturn {
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
  let city: Crumb | null = null;
  let walk = 0;
  /** The path of `codes` below the city, read level by level from the tree. */
  const resolve = async (codes: readonly string[]): Promise<void> => {
    const mine = ++walk;
    if (!city) {
      const nodes = await apiGet<AreaNode[]>('/api/areas', token);
      if (!nodes[0]) return;
      city = crumbOf(nodes[0]);
    }
    const out: Crumb[] = [city];
    for (const code of codes) {
      const parent = out.at(-1)!;
      if (parent.level === 'cell') break;
      const children = await apiGet<AreaNode[]>(`/api/areas?parent=${encodeURIComponent(parent.code)}`, token);
      const node = children.find((c) => c.code === code);
      if (!node) break;
      out.push(crumbOf(node));
    }
    if (!disposed && mine === walk) path.value = out;
  };
  const goTo = (codes: readonly string[]): void => {
    const now = path.value.slice(1).map((c) => c.code);
    if (city && now.join(',') === codes.join(',')) return;
    resolve(codes).catch((e: unknown) => {
      if (!disposed) loadError.value = errorText(e);
    });
  };
  goTo(initial);

  return {
    path,
    current,
    childLevel,
    loadError,
    goTo,
    drill(child) {
      walk++;
      const level = child.level ?? childLevel.value;
      if (level) path.value = drillDown(path.value, { code: child.code, name: child.name, level });
    },
    goBack(index) {
      walk++;
      path.value = backTo(path.value, index);
    },
    goUp() {
      walk++;
      path.value = backUp(path.value);
    },
  };
}
