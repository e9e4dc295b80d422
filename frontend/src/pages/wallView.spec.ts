import { describe, expect, it } from 'vitest';
import { agoText, wallTitle } from './wallView';

describe('agoText', () => {
  it('says how long ago in seconds, minutes or hours', () => {
    expect(agoText(0, 45_000)).toBe('45 秒');
    expect(agoText(0, 192_000)).toBe('3 分 12 秒');
    expect(agoText(0, 7_500_000)).toBe('2 小时 5 分');
    expect(agoText(null, 1)).toBe('');
  });
});

describe('wallTitle', () => {
  it('names the command center of the scope', () => {
    expect(wallTitle('郑州市')).toBe('郑州市网格化管理指挥中心');
  });
});
