import { describe, expect, it } from 'vitest';
import type { CaseDetail, MeetingView } from '@gridwall/shared';
import { rate, stats } from '../testing/fixtures';
import {
  agendaLines,
  backTo,
  backUp,
  caseFacts,
  drillDown,
  figures,
  privateLines,
  timelineLines,
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

describe('figures', () => {
  it('shows every rate with its numerator and denominator, and marks overdue cases', () => {
    const sut = figures(stats({ onTimeRate: rate(12, 15), overdueNow: 3 }));
    const onTime = sut.find((f) => f.key === 'onTimeRate')!;
    expect(onTime.value).toBe('80.0%');
    expect(onTime.detail).toBe('12 / 15');
    expect(sut.find((f) => f.key === 'overdueNow')!.tone).toBe('alarm');
    expect(sut.map((f) => f.label)).toContain('平均办理时长');
  });

  it('shows dashes before the first snapshot', () => {
    expect(figures(null).every((f) => f.value === '—')).toBe(true);
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

const detail: CaseDetail = {
  caseId: 'C1',
  title: '无证炒货作坊',
  category: 'illegal_business',
  source: 'citizen',
  status: 'open',
  areaPath: [
    { code: '410102', name: '中原区', level: 'district' },
    { code: '410102001', name: '林山寨街道', level: 'township' },
  ],
  handler: { level: 'city', departmentCode: 'city.scjg', departmentName: '市场监管局' },
  departments: [{ code: 'city.scjg', name: '市场监管局' }],
  reportedAt: '2026-11-21T08:00:00+08:00',
  acceptedAt: '2026-11-21T08:05:00+08:00',
  deadline: '2026-11-24T08:05:00+08:00',
  resolvedAt: null,
  closedAt: null,
  satisfaction: null,
  reworkCount: 1,
  extendedCount: 1,
  jointMeeting: true,
  state: 'green',
  description: '夜间生产',
  reporter: { name: '张三', phone: '138****1234' },
  location: { lng: 113.62, lat: 34.75 },
  timeline: [
    { eventId: 'e1', type: 'reported', at: '2026-11-21T08:00:00+08:00' },
    {
      eventId: 'e2',
      type: 'dispatched',
      at: '2026-11-21T08:10:00+08:00',
      handlerLevel: 'district',
      departmentName: '市场监管局',
      deadline: '2026-11-24T08:05:00+08:00',
    },
    {
      eventId: 'e3',
      type: 'escalated',
      at: '2026-11-21T08:20:00+08:00',
      toLevel: 'city',
      jointMeeting: true,
      reason: '多部门',
    },
    { eventId: 'e4', type: 'extended', at: '2026-11-21T09:00:00+08:00', deadline: '2026-11-26T08:00:00+08:00' },
    { eventId: 'e5', type: 'reopened', at: '2026-11-21T10:00:00+08:00', reason: '群众不满意' },
  ],
};

describe('timelineLines', () => {
  it('lists every event with its handler, escalations, deadline changes and reworks', () => {
    const sut = timelineLines(detail.timeline);
    expect(sut).toHaveLength(5);
    expect(sut[1].who).toBe('县(市)区 · 市场监管局');
    expect(sut[1].notes).toContain('办理期限 2026-11-24 08:05:00');
    expect(sut[2].notes).toEqual(['升级至市级', '提交联席会议', '原因：多部门']);
    expect(sut[3].notes[0]).toBe('期限延至 2026-11-26 08:00:00');
    expect(sut[4]).toMatchObject({ typeText: '返工', marked: true });
  });
});

describe('caseFacts / privateLines', () => {
  it('names the handler and reworks, and shows the phone exactly as the server masked it', () => {
    expect(caseFacts(detail)).toMatchObject({
      handler: '市级 · 市场监管局',
      reworks: '返工 1 次',
      category: '非法经营',
    });
    expect(privateLines(detail)).toContainEqual({ label: '联系电话', value: '138****1234' });
  });
});
