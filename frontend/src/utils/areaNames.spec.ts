import { describe, expect, it } from 'vitest';
import { shortAreaName } from './areaNames';

describe('shortAreaName', () => {
  it('shortens the zones and keeps every other name', () => {
    expect(shortAreaName('郑州航空港经济综合实验区')).toBe('航空港区');
    expect(shortAreaName('郑州高新技术产业开发区')).toBe('高新区');
    expect(shortAreaName('管城回族区')).toBe('管城回族区');
  });
});
