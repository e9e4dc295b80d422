/**
 * The overdue-supervision scene's grouping: red cases before yellow, most overdue first, grouped
 * by the responsible unit, units with red cases first (most red, then most overdue). Pure.
 */
import type { OverdueItem } from '@gridwall/shared';
import { responsibleUnit } from '../../../widgets/OverdueList/countdown';

/** The cases of one responsible unit. */
export interface OverdueGroup {
  /** Unit key (department code, area code, or level). */
  code: string;
  /** Unit name. */
  name: string;
  red: number;
  yellow: number;
  /** Red then yellow, each most overdue first. */
  items: OverdueItem[];
}

/** Red before yellow; within a state the most overdue (largest overdueHours) first; then by case id. */
export function compareOverdue(a: OverdueItem, b: OverdueItem): number {
  if (a.state !== b.state) return a.state === 'red' ? -1 : 1;
  if (a.overdueHours !== b.overdueHours) return b.overdueHours - a.overdueHours;
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

/** Groups `items` by responsible unit. */
export function groupOverdue(items: readonly OverdueItem[]): OverdueGroup[] {
  const groups = new Map<string, OverdueGroup>();
  for (const item of [...items].sort(compareOverdue)) {
    const unit = responsibleUnit(item);
    let group = groups.get(unit.code);
    if (!group) {
      group = { code: unit.code, name: unit.name, red: 0, yellow: 0, items: [] };
      groups.set(unit.code, group);
    }
    group.items.push(item);
    if (item.state === 'red') group.red += 1;
    else group.yellow += 1;
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.red - a.red ||
      b.items[0].overdueHours - a.items[0].overdueHours ||
      b.yellow - a.yellow ||
      (a.code < b.code ? -1 : 1),
  );
}
