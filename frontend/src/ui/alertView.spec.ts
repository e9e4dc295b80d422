import { describe, expect, it } from 'vitest';
import { parseIsoWithOffset, type AlertList } from '@gridwall/shared';
import { ackDoneText, ackErrorText, alertCountText, alertLines, alertsPath } from './alertView';

const at = (iso: string): number => parseIsoWithOffset(iso)!;

const list: AlertList = {
  scope: '410100',
  total: 23,
  items: [
    {
      id: 'red:C1:1764054000000',
      kind: 'case.red',
      caseId: 'C1',
      title: '占道经营',
      category: 'urban_management',
      areaPath: [
        { code: '410102', name: '中原区' },
        { code: '410102001', name: '林山寨街道' },
      ],
      handler: { level: 'district', departmentCode: null, departmentName: null },
      deadline: '2026-11-25T13:00:00.000+08:00',
      overdueHours: 2,
      since: '2026-11-25T13:00:00.000+08:00',
    },
    {
      id: 'joint:C2',
      kind: 'case.joint_meeting',
      caseId: 'C2',
      title: '联席议题',
      category: 'urban_management',
      areaPath: [{ code: '410102', name: '中原区' }],
      handler: { level: 'district', departmentCode: 'D1', departmentName: '城管局' },
      deadline: null,
      overdueHours: null,
      since: '2026-11-25T10:00:00.000+08:00',
    },
  ],
};

describe('alertLines', () => {
  it('reads the alerts of a unit', () => {
    expect(alertsPath({ code: '410102' })).toBe('/api/alerts?scope=410102');
    expect(alertsPath(null)).toBeNull();
  });

  it('names the kind, the place, the responsible unit and the countdown at the moment given', () => {
    const [red, joint] = alertLines(list, at('2026-11-25T15:00:30+08:00'));
    expect(red).toMatchObject({
      kindText: '超期红灯',
      category: '城市管理',
      place: '中原区 › 林山寨街道',
      unit: '中原区',
      countdown: '超期 02:00:30',
      overdue: true,
      since: '自 2026-11-25 13:00:00 起',
    });
    expect(joint).toMatchObject({ kindText: '提请联席会议', unit: '城管局', countdown: '无办理期限', overdue: false });
  });

  it('counts what is listed and what is not', () => {
    expect(alertCountText(list)).toBe('共 23 条未确认（列出最新 2 条）');
    expect(alertCountText({ ...list, total: 2 })).toBe('共 2 条未确认');
  });

  it('tells refusals in Chinese, saying nothing was changed', () => {
    expect(ackErrorText(403)).toMatch(/^无权确认.*未作任何更改$/);
    expect(ackErrorText(404)).toMatch(/^告警已不存在.*未作任何更改$/);
    expect(ackErrorText(0)).toContain('无法连接服务器');
    expect(ackErrorText(500)).toBe('确认失败（500），未作任何更改');
  });

  it('says how many were new', () => {
    expect(ackDoneText(3, 3)).toBe('已确认 3 条');
    expect(ackDoneText(1, 3)).toBe('已确认 1 条（另 2 条此前已被他人确认）');
  });
});
