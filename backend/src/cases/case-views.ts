/**
 * How a case's place and handler read in every view (overdue lists, the meeting agenda, case
 * details): written once.
 */
import type { AreaLevel, Department, HandlerView } from '@gridwall/shared';
import type { AreaTree } from '../areas/area-tree';
import type { CaseState } from './case-model';

/** One step of an area path. */
export interface AreaStep {
  code: string;
  name: string;
}

/**
 * The path of an area node from its district down to the node itself (the city left out), e.g.
 * 中原区 › 林山寨街道 › 某社区 › 网格 1.
 */
export function areaPathOf(tree: AreaTree, code: string): AreaStep[] {
  return tree
    .get(code)!
    .ancestors.slice(0, -1)
    .reverse()
    .map((c) => ({ code: c, name: tree.get(c)!.name }));
}

/** {@link areaPathOf} with each step's level (case details). */
export function levelledAreaPathOf(tree: AreaTree, code: string): (AreaStep & { level: AreaLevel })[] {
  return areaPathOf(tree, code).map((step) => ({ ...step, level: tree.get(step.code)!.level }));
}

/** Who handles a case now: its handler level and, once dispatched to one, its department. */
export function handlerViewOf(
  s: Pick<CaseState, 'handlerLevel' | 'departmentCode'>,
  department: (code: string) => Department | undefined,
): HandlerView {
  return {
    level: s.handlerLevel!,
    departmentCode: s.departmentCode,
    departmentName: s.departmentCode ? (department(s.departmentCode)?.name ?? null) : null,
  };
}
