import type { AreaTree } from '../areas/area-tree';
import type { UnitRef } from './surge-detector';

/** The units a report at `code` counts in: its district, township and village (those it has). */
export function unitsOfNode(tree: AreaTree, code: string): UnitRef[] {
  const node = tree.get(code);
  if (!node) return [];
  const out: UnitRef[] = [];
  for (const a of node.ancestors) {
    const level = tree.levelOf(a);
    if (level === 'district' || level === 'township' || level === 'village') out.push({ code: a, level });
  }
  return out;
}
