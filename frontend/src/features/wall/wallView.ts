/**
 * Texts and keys of the wall frame. Pure.
 */
import { TIER_ZH } from '@gridwall/shared';
import type { LiveError } from '@gridwall/shared';
import type { ConnectionState } from '../../live/liveStore';
import { BRIEFING_ZH } from '../../issued/issuedView';
import { SCENE_ZH, type SceneSlot } from './wallParams';

/**
 * The screen title for a scope, e.g. 郑州市网格化管理指挥中心; without a scope name (no figures
 * yet, a refused screen) only 网格化管理指挥中心, never an area code.
 */
export function wallTitle(scopeName: string | null): string {
  return `${scopeName ?? ''}网格化管理指挥中心`;
}

/** How long ago `t` was at `now`, e.g. 45 秒, 3 分 12 秒, 2 小时 5 分; empty without `t`. */
export function agoText(t: number | null, now: number): string {
  if (t === null) return '';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

/** The header's name of what is on show: the presented item, a ranking tier's page, an assessment, or a scene. */
export function sceneNameOf(slot: SceneSlot, presenting: boolean): string {
  if (presenting) return '会议投屏';
  if (slot.kind === 'ranking') return `${TIER_ZH[slot.tier]}排名`;
  if (slot.kind === 'assessment') return BRIEFING_ZH[slot.assessment];
  return SCENE_ZH[slot.kind];
}

/** The key of what is on show (`main[data-scene]`): a new key mounts a new scene. */
export function sceneKeyOf(slot: SceneSlot, presenting: boolean): string {
  if (presenting) return 'present';
  if (slot.kind === 'ranking') return `ranking:${slot.tier}`;
  if (slot.kind === 'assessment') return `assessment:${slot.assessment}`;
  return slot.kind;
}

/** Whether the scene on show is live (实时), an issued period (已发布 通报) or a replay (回放). */
export type SceneMode = 'live' | 'issued' | 'replay';

/** The mode of what is on show: a presentation and the live scenes are live, an assessment is issued. */
export function sceneModeOf(slot: SceneSlot, presenting: boolean, replay = false): SceneMode {
  if (!presenting && slot.kind === 'assessment') return 'issued';
  return replay ? 'replay' : 'live';
}

/**
 * Why the wall shows no figures at all, or null when it may show them:
 * - an `at=` that is no moment (the wall never connects);
 * - a refused screen token (401, 403) while nothing was received;
 * - a replay the server refused (an `at` in the future, before the history).
 * Old figures of a room stay on show with the stale banner instead.
 */
export function blockingErrorOf(input: {
  invalidAt: string | null;
  replay: boolean;
  connection: ConnectionState;
  error: LiveError | null;
  hasData: boolean;
}): { title: string; detail: string } | null {
  if (input.invalidAt !== null) return { title: '回放时间无效', detail: input.invalidAt };
  if (input.hasData) return null;
  if (isRefused(input.connection, input.error))
    return { title: '大屏未获授权', detail: '令牌无效或已过期，请联系管理员重新配置大屏地址' };
  if (input.replay && input.error) return { title: '无法回放', detail: `服务器答复：${input.error.message}` };
  return null;
}

/** Whether the screen is down because the server refused its token (401, 403). */
export function isRefused(connection: ConnectionState, error: LiveError | null): boolean {
  return connection !== 'connected' && (error?.statusCode === 401 || error?.statusCode === 403);
}
