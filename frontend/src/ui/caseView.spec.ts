import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '@gridwall/shared';
import { caseFacts, factLines, placePath, privateLines, timelineLines } from './caseView';

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
  locationInDistrict: true,
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
    expect(sut[1].who).toBe('县（市、区） · 市场监管局');
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
      unit: '市场监管局',
      reworks: '返工 1 次',
      category: '非法经营',
    });
    expect(privateLines(detail)).toContainEqual({ label: '联系电话', value: '138****1234' });
  });
});

describe('factLines', () => {
  it('lists the facts in order, the status coloured by the case state', () => {
    const sut = factLines(caseFacts(detail));

    expect(sut.map((l) => l.label)).toEqual([
      '案件编号',
      '类别',
      '状态',
      '位置',
      '当前承办',
      '责任单位',
      '涉及部门',
      '上报时间',
      '办理期限',
      '返工',
    ]);
    expect(sut[2].state).toBe(detail.state);
  });
});

describe('placePath', () => {
  it('joins the whole path, district down to the cell, and says — without one', () => {
    expect(placePath([{ name: '中原区' }, { name: '林山寨街道' }, { name: '绿东村社区' }, { name: '一组' }])).toBe(
      '中原区 › 林山寨街道 › 绿东村社区 › 一组',
    );
    expect(placePath([])).toBe('—');
  });
});
