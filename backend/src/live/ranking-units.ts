import { BadRequestException } from '@nestjs/common';
import { AREA_LEVELS, type AreaLevel, type Department, type RankingTier } from '@gridwall/shared';
import type { AreaTree } from '../areas/area-tree';
import { DEPT_PREFIX } from './live-state';

/** A unit of a ranking tier: its code, name and aggregation key (area code or `dept:` + code). */
export interface RankingUnit {
  code: string;
  name: string;
  key: string;
}

/** Throws 400 unless an area tier lies below the scope node (departments may rank under any scope). */
export function assertTierBelow(tier: RankingTier, node: { code: string; level: AreaLevel }): void {
  if (tier !== 'department' && AREA_LEVELS.indexOf(tier) <= AREA_LEVELS.indexOf(node.level)) {
    throw new BadRequestException(`tier: ${tier} does not lie below scope ${node.code} (${node.level})`);
  }
}

/**
 * The units a tier ranks within a scope: the area nodes of that tier below the scope; for the
 * department tier every department city-wide, else the departments of the scope's district.
 */
export function rankingUnitsOf(
  tree: AreaTree,
  departments: readonly Department[],
  tier: RankingTier,
  scope: string,
): RankingUnit[] {
  const node = tree.get(scope);
  if (!node) throw new BadRequestException(`scope: unknown area code ${JSON.stringify(scope)}`);
  if (tier === 'department') {
    const district = tree.ancestorAt(scope, 'district')?.code;
    return departments
      .filter((d) => node.level === 'city' || d.level === district)
      .map((d) => ({ code: d.code, name: d.name, key: DEPT_PREFIX + d.code }));
  }
  assertTierBelow(tier, node);
  return tree.descendantsAt(scope, tier).map((n) => ({ code: n.code, name: n.name, key: n.code }));
}
