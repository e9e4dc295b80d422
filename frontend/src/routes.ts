/**
 * Which page a path shows. The app has two, so it routes by `location.pathname` without a
 * router package; the server answers every path with the app (SPA fallback).
 */

/** The pages of the app. */
export type PageName = 'live' | 'wall';

/** `/wall` (and below) is the wall display; everything else the first live page. */
export function pageOf(pathname: string): PageName {
  return /^\/wall(\/|$)/.test(pathname) ? 'wall' : 'live';
}
