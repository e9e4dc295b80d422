import { describe, expect, it } from 'vitest';
import type { MeetingView, OpenCaseList, OverdueItem } from '@gridwall/shared';
import {
  agendaLines,
  backTo,
  backUp,
  childrenPath,
  drillDown,
  levelZh,
  meetingPath,
  filterCount,
  OPEN_CASE_FILTERS,
  openCaseLines,
  openCasesPath,
  pageOfList,
  serverPage,
  unitCaseLines,
  type Crumb,
} from './meetingView';

const city: Crumb = { code: '410100', name: '郑州市', level: 'city' };
const district: Crumb = { code: '410102', name: '中原区', level: 'district' };
const township: Crumb = { code: '410102001', name: '林山寨街道', level: 'township' };

describe('drillDown', () => {
  it('appends a child and cuts back to a unit already on the path', () => {
    expect(drillDown([city], district)).toEqual([city, district]);
    expect(drillDown([city, district, township], district)).toEqual([city, district]);
  });
});

describe('backTo / backUp', () => {
  it('goes back to any crumb with one touch and never above the city', () => {
    expect(backTo([city, district, township], 0)).toEqual([city]);
    expect(backUp([city, district, township])).toEqual([city, district]);
    expect(backUp([city])).toEqual([city]);
  });
});

describe('agendaLines', () => {
  it('keeps the oldest-first order and lists the departments and days open', () => {
    const view: MeetingView = {
      scope: '410100',
      total: 2,
      items: [
        {
          caseId: 'A',
          title: '占道经营',
          category: 'illegal_business',
          areaPath: [{ code: '410102', name: '中原区' }],
          handler: { level: 'city', departmentCode: null, departmentName: null },
          departments: [
            { code: 'city.scjg', name: '市场监管局' },
            { code: 'city.cg', name: '城管局' },
          ],
          daysOpen: 9,
          acceptedAt: '2026-11-12T08:00:00+08:00',
          deadline: null,
          state: 'red',
        },
        {
          caseId: 'B',
          title: '违建',
          category: 'illegal_construction',
          areaPath: [{ code: '410105', name: '金水区' }],
          handler: { level: 'district', departmentCode: null, departmentName: null },
          departments: [],
          daysOpen: 2,
          acceptedAt: '2026-11-19T08:00:00+08:00',
          deadline: null,
          state: 'green',
        },
      ],
    };
    const sut = agendaLines(view);
    expect(sut.map((l) => l.caseId)).toEqual(['A', 'B']);
    expect(sut[0].departments).toBe('市场监管局、城管局');
    expect(sut[0].daysOpen).toBe('已 9 天');
    // The case sheet's 涉及部门 says "—" for none: the agenda says the same.
    expect(sut[1].departments).toBe('—');
    expect(sut[0].place).toBe('中原区');
  });
});

describe('childrenPath / meetingPath', () => {
  it('reads the children of a unit that has some, and the agenda of any unit', () => {
    expect(childrenPath(district)).toBe('/api/areas?parent=410102');
    expect(childrenPath({ code: '410102001002001', name: '一组', level: 'cell' })).toBeNull();
    expect(meetingPath(township)).toBe('/api/meeting?scope=410102001');
    expect(meetingPath(null)).toBeNull();
  });
});

describe('levelZh', () => {
  it('writes the level names with full-width brackets as Chinese typesetting does', () => {
    expect([levelZh('district'), levelZh('township'), levelZh('village')]).toEqual([
      '县（市、区）',
      '乡镇（街道）',
      '村（社区）',
    ]);
  });
});

describe('unitCaseLines', () => {
  const item = (caseId: string, state: 'red' | 'yellow', overdueHours: number, deadline: string): OverdueItem => ({
    caseId,
    title: caseId,
    category: 'illegal_business',
    areaPath: [
      { code: '410102', name: '中原区' },
      { code: '410102001', name: '林山寨街道' },
      { code: '410102001002', name: '绿东村社区' },
      { code: '410102001002001', name: '一组' },
    ],
    handler: { level: 'township', departmentCode: null, departmentName: null },
    deadline,
    overdueHours,
    state,
  });
  it('lists the worst first: overdue before near-due, the longest overdue and nearest deadline first', () => {
    const now = Date.parse('2026-11-25T15:00:00+08:00');
    const sut = unitCaseLines(
      {
        totalRed: 2,
        totalYellow: 2,
        items: [
          item('Y-far', 'yellow', -5, '2026-11-25T20:00:00+08:00'),
          item('R-short', 'red', 2, '2026-11-25T13:00:00+08:00'),
          item('Y-near', 'yellow', -1, '2026-11-25T16:00:00+08:00'),
          item('R-long', 'red', 50, '2026-11-23T13:00:00+08:00'),
        ],
      },
      now,
    );
    expect(sut.map((l) => l.caseId)).toEqual(['R-long', 'R-short', 'Y-near', 'Y-far']);
    expect(sut[0]).toMatchObject({
      place: '中原区 › 林山寨街道 › 绿东村社区 › 一组',
      unit: '林山寨街道',
      countdown: '超期 2天02:00:00',
      deadline: '2026-11-23 13:00:00',
    });
    expect(sut[2].countdown).toBe('剩余 01:00:00');
  });
});

describe('pageOfList', () => {
  it('pages a list and says which page of how many', () => {
    const items = Array.from({ length: 13 }, (_, i) => i);
    expect(pageOfList(items, 1, 6)).toMatchObject({ items: [0, 1, 2, 3, 4, 5], page: 1, pages: 3, label: '第 1/3 页' });
    expect(pageOfList(items, 3, 6)).toMatchObject({ items: [12], label: '第 3/3 页' });
    expect(pageOfList(items, 9, 6).page).toBe(3);
    expect(pageOfList([], 1, 6)).toMatchObject({ items: [], pages: 1, label: '第 1/1 页' });
  });
});

describe('open-case list', () => {
  const list: OpenCaseList = {
    scope: '410102',
    state: 'all',
    totals: { red: 2, yellow: 1, green: 10 },
    total: 13,
    offset: 6,
    limit: 6,
    items: [
      {
        caseId: 'G1',
        title: '正常办理',
        category: 'urban_management',
        areaPath: [{ code: '410102', name: '中原区' }],
        handler: { level: 'district', departmentCode: null, departmentName: null },
        deadline: '2026-11-26T15:00:00.000+08:00',
        overdueHours: -24,
        state: 'green',
        reportedAt: '2026-11-25T09:00:00.000+08:00',
      },
      {
        caseId: 'G2',
        title: '未派遣',
        category: 'urban_management',
        areaPath: [{ code: '410102', name: '中原区' }],
        handler: { level: 'district', departmentCode: null, departmentName: null },
        deadline: null,
        overdueHours: null,
        state: 'green',
        reportedAt: '2026-11-25T09:00:00.000+08:00',
      },
    ],
  };

  it('counts each chip from the totals and pages by offset', () => {
    expect(OPEN_CASE_FILTERS.map((f) => f.label)).toEqual(['全部', '超期', '临期', '正常']);
    expect(filterCount(list.totals, 'all')).toBe(13);
    expect(filterCount(list.totals, 'green')).toBe(10);
    expect(openCasesPath('410102', 'red', 3, 6)).toBe('/api/cases?scope=410102&state=red&limit=6&offset=12');
    expect(openCasesPath('410102', 'all', 0, 6)).toContain('offset=0');
    expect(serverPage(list)).toEqual({ page: 2, pages: 3, label: '第 2/3 页' });
    expect(serverPage({ total: 0, offset: 0, limit: 6 }).label).toBe('第 1/1 页');
  });

  it('lists the cases in the server order with their countdowns', () => {
    const lines = openCaseLines(list, Date.parse('2026-11-25T15:00:00+08:00'));
    expect(lines.map((l) => [l.caseId, l.state, l.countdown])).toEqual([
      ['G1', 'green', '剩余 1天00:00:00'],
      ['G2', 'green', '无办理期限'],
    ]);
    expect(lines[1].deadline).toBe('—');
  });
});
