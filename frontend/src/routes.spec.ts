import { describe, expect, it } from 'vitest';
import { isScreenPage, pageOf, type PageName } from './routes';

describe('pageOf', () => {
  it.each<[PageName, string[]]>([
    ['wall', ['/wall', '/wall/']],
    ['login', ['/login']],
    ['meeting', ['/meeting']],
    ['district', ['/district/']],
    ['live', ['/', '/wallpaper', '/meetings']],
  ])('routes to the %s page: %j', (page, paths) => {
    expect(paths.map(pageOf)).toEqual(paths.map(() => page));
  });
});

describe('isScreenPage', () => {
  it('scales only the wall and the first page', () => {
    const pages: PageName[] = ['wall', 'live', 'meeting', 'login', 'district'];
    expect(pages.filter(isScreenPage)).toEqual(['wall', 'live']);
  });
});
