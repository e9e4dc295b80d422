import { describe, expect, it } from 'vitest';
import type { MeetingView } from '@gridwall/shared';
import { agendaLines, backTo, backUp, childrenPath, drillDown, meetingPath, type Crumb } from './meetingView';

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
    expect(sut[1].departments).toBe('未指派部门');
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
