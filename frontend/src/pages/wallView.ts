/**
 * Texts of the wall frame. Pure.
 */

/** The screen title for a scope, e.g. 郑州市网格化管理指挥中心. */
export function wallTitle(scopeName: string): string {
  return `${scopeName}网格化管理指挥中心`;
}

/** How long ago `t` was at `now`, e.g. 45 秒, 3 分 12 秒, 2 小时 5 分; empty without `t`. */
export function agoText(t: number | null, now: number): string {
  if (t === null) return '';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}
