import { describe, expect, it } from 'vitest';
import { pageOf } from './routes';

describe('pageOf', () => {
  it('routes /wall to the wall and everything else to the first live page', () => {
    expect(pageOf('/wall')).toBe('wall');
    expect(pageOf('/wall/')).toBe('wall');
    expect(pageOf('/')).toBe('live');
    expect(pageOf('/wallpaper')).toBe('live');
  });
});
