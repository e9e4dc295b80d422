/**
 * Which page a path shows. The app has a handful, so it routes by `location.pathname` without a
 * router package; the server answers every path with the app (SPA fallback).
 */

/** The pages of the app. */
export type PageName = 'live' | 'wall' | 'login' | 'meeting' | 'district';

const PAGES: [RegExp, PageName][] = [
  [/^\/wall(\/|$)/, 'wall'],
  [/^\/login(\/|$)/, 'login'],
  [/^\/meeting(\/|$)/, 'meeting'],
  [/^\/district(\/|$)/, 'district'],
];

/** `/wall`, `/login`, `/meeting`, `/district` (and below) are their pages; everything else the first live page. */
export function pageOf(pathname: string): PageName {
  for (const [pattern, page] of PAGES) if (pattern.test(pathname)) return page;
  return 'live';
}

/** Pages on a scaled fixed design canvas (screens); the others lay out for tablets. */
export function isScreenPage(page: PageName): boolean {
  return page === 'wall' || page === 'live';
}
