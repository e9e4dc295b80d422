/**
 * Which page a path shows. The app has a handful, so it routes by `location.pathname` without a
 * router package; the server answers every path with the app (SPA fallback).
 */

/** The pages of the app. */
export type PageName = 'live' | 'wall' | 'login' | 'meeting' | 'district' | 'briefing';

const PAGES: [RegExp, PageName][] = [
  [/^\/wall(\/|$)/, 'wall'],
  [/^\/login(\/|$)/, 'login'],
  [/^\/meeting(\/|$)/, 'meeting'],
  [/^\/district(\/|$)/, 'district'],
  [/^\/briefing(\/|$)/, 'briefing'],
];

/** `/wall`, `/login`, `/meeting`, `/district`, `/briefing` (and below) are their pages; everything else the first live page. */
export function pageOf(pathname: string): PageName {
  for (const [pattern, page] of PAGES) if (pattern.test(pathname)) return page;
  return 'live';
}

/** Pages on a scaled fixed design canvas (screens); the others lay out for tablets. */
export function isScreenPage(page: PageName): boolean {
  return page === 'wall' || page === 'live';
}

/** Pages for a signed-in person (a session from /login), where a sign-in may return to. */
export function isSessionPage(page: PageName): boolean {
  return page === 'meeting' || page === 'district' || page === 'briefing';
}

/** The printable page of a document (A4, white paper): no wall chrome around it. */
export function isPrintPage(page: PageName): boolean {
  return page === 'briefing';
}
