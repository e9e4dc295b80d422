import { describe, expect, it } from 'vitest';
import { isScreenPage, pageOf } from './routes';

describe('pageOf', () => {
  it('routes /wall to the wall and unknown paths to the first live page', () => {
    expect(pageOf('/wall')).toBe('wall');
    expect(pageOf('/wall/')).toBe('wall');
    expect(pageOf('/')).toBe('live');
    expect(pageOf('/wallpaper')).toBe('live');
  });

  it('routes the sign-in, meeting and district pages', () => {
    expect(pageOf('/login')).toBe('login');
    expect(pageOf('/meeting')).toBe('meeting');
    expect(pageOf('/district/')).toBe('district');
    expect(pageOf('/meetings')).toBe('live');
  });
});

describe('isScreenPage', () => {
  it('scales only the wall and the first page', () => {
    expect(isScreenPage('wall')).toBe(true);
    expect(isScreenPage('live')).toBe(true);
    expect(isScreenPage('meeting')).toBe(false);
    expect(isScreenPage('login')).toBe(false);
  });
});
