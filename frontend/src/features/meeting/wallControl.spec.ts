import { describe, expect, it } from 'vitest';
import type { WallControl } from '@gridwall/shared';
import { controlErrorText } from './useWallControl';
import { controlState, isDefaultControl, sceneLabel, SCENE_SLOTS } from './wallControl';

const control: WallControl = {
  paused: false,
  pinned: null,
  hideInsufficient: false,
  stepSeq: 0,
  stepBy: 0,
  by: '张主任（中原区）',
  at: '2026-11-25T15:00:00.000+08:00',
};

describe('wall control texts', () => {
  it('offers the standard scene slots, ranking with each tier', () => {
    expect(SCENE_SLOTS.map((s) => s.slot)).toEqual([
      'overview',
      'map',
      'ranking',
      'ranking:district',
      'ranking:township',
      'ranking:village',
      'ranking:department',
      'overdue',
      'hotspots',
      'assessment:week',
    ]);
    expect(sceneLabel('assessment:week')).toBe('周评比');
    expect(sceneLabel('ranking:township')).toMatch(/^排名·乡镇/);
    expect(sceneLabel('custom')).toBe('custom');
  });

  it('states the control and who set it', () => {
    expect(controlState(null)).toEqual({ playlist: '按配置轮播', rows: '样本不足的单位：显示', by: '' });
    expect(controlState({ ...control, paused: true, pinned: 'overdue', hideInsufficient: true })).toEqual({
      playlist: '固定显示：超期督办，已暂停轮播',
      rows: '样本不足的单位：已隐藏',
      by: '由 张主任（中原区） 于 2026-11-25 15:00:00 设置',
    });
    expect(controlState({ ...control, paused: true }).playlist).toBe('已暂停轮播');
  });

  it('knows a control that changes nothing', () => {
    expect(isDefaultControl(null)).toBe(true);
    expect(isDefaultControl({ ...control, stepSeq: 4, stepBy: -1 })).toBe(true);
    expect(isDefaultControl({ ...control, hideInsufficient: true })).toBe(false);
  });

  it('tells a refused command in Chinese', () => {
    expect(controlErrorText(null)).toBe('服务器未响应，未作更改');
    expect(controlErrorText({ ok: false, error: { statusCode: 403, message: 'no' } })).toBe('无权控制大屏');
    expect(controlErrorText({ ok: false, error: { statusCode: 400, message: 'pinned: too long' } })).toBe(
      '控制失败：pinned: too long',
    );
  });
});
