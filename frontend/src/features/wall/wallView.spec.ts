import { describe, expect, it } from 'vitest';
import { agoText, blockingErrorOf, isRefused, sceneKeyOf, sceneModeOf, sceneNameOf, wallTitle } from './wallView';

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
    expect(wallTitle(null)).toBe('网格化管理指挥中心');
  });
});

describe('sceneNameOf / sceneKeyOf', () => {
  it('names a ranking page by its tier, and a presentation above any scene', () => {
    const township = { kind: 'ranking', tier: 'township' } as const;
    expect(sceneNameOf(township, false)).toBe('乡镇（街道）排名');
    expect(sceneKeyOf(township, false)).toBe('ranking:township');
    expect(sceneNameOf({ kind: 'map' }, true)).toBe('会议投屏');
    expect(sceneKeyOf({ kind: 'map' }, true)).toBe('present');
  });

  it('names an issued assessment as a 通报 and tells it from the live scenes', () => {
    const month = { kind: 'assessment', assessment: 'month' } as const;
    expect(sceneNameOf(month, false)).toBe('月通报');
    expect(sceneKeyOf(month, false)).toBe('assessment:month');
    expect(sceneModeOf(month, false)).toBe('issued');
    expect(sceneModeOf({ kind: 'overview' }, false)).toBe('live');
    expect(sceneModeOf(month, true)).toBe('live');
    expect(sceneModeOf({ kind: 'overview' }, false, true)).toBe('replay');
  });
});

describe('isRefused', () => {
  it('blames the token only while the link is down', () => {
    const refused = { statusCode: 401, message: 'token expired' };
    expect(isRefused('reconnecting', refused)).toBe(true);
    expect(isRefused('connected', refused)).toBe(false);
    expect(isRefused('reconnecting', { statusCode: 400, message: 'scope' })).toBe(false);
  });
});

describe('blockingErrorOf', () => {
  const base = {
    invalidAt: null,
    replay: false,
    connection: 'connected' as const,
    error: null,
    hasData: false,
  };

  it('shows nothing in the way of a wall waiting for, or showing, its figures', () => {
    expect(blockingErrorOf(base)).toBeNull();
    expect(
      blockingErrorOf({ ...base, hasData: true, connection: 'reconnecting', error: { statusCode: 401, message: 'x' } }),
    ).toBeNull();
  });

  it('names an invalid at, a refused token and a refused replay', () => {
    expect(blockingErrorOf({ ...base, invalidAt: 'at=x 无法识别' })?.title).toBe('回放时间无效');
    expect(
      blockingErrorOf({ ...base, connection: 'reconnecting', error: { statusCode: 401, message: '401' } })?.title,
    ).toBe('大屏未获授权');
    const refused = blockingErrorOf({
      ...base,
      replay: true,
      error: { statusCode: 400, message: 'at: is in the future' },
    });
    expect(refused?.title).toBe('无法回放');
    expect(refused?.detail).toContain('is in the future');
  });
});
