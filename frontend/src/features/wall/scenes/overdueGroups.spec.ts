import { describe, expect, it } from 'vitest';
import { overdueItem } from '../../../testing/fixtures';
import { groupOverdue } from './overdueGroups';

const dept = (code: string) => ({ level: 'township' as const, departmentCode: code, departmentName: `部门${code}` });

describe('groupOverdue', () => {
  it('groups by responsible unit, red before yellow, most overdue first', () => {
    const sut = groupOverdue([
      overdueItem(1, { handler: dept('A'), state: 'yellow', overdueHours: -2 }),
      overdueItem(2, { handler: dept('B'), state: 'red', overdueHours: 3 }),
      overdueItem(3, { handler: dept('A'), state: 'red', overdueHours: 1 }),
      overdueItem(4, { handler: dept('A'), state: 'red', overdueHours: 9 }),
      overdueItem(5, { handler: dept('C'), state: 'yellow', overdueHours: -1 }),
    ]);

    expect(sut.map((g) => [g.name, g.red, g.yellow])).toEqual([
      ['部门A', 2, 1],
      ['部门B', 1, 0],
      ['部门C', 0, 1],
    ]);
    expect(sut[0].items.map((i) => i.caseId)).toEqual(['C4', 'C3', 'C1']);
  });
});
