/**
 * The wall's configuration, read from its URL so one build serves every screen:
 * `/wall?scenes=overview,map,ranking,overdue&rotate=30&scope=410100&period=week&stale=30…`.
 * Every parameter is optional; a malformed value falls back to its default.
 */
import { ASSESSMENT_KINDS, CHANNEL_PATTERN, ID_PATTERN, PERIODS, RANKING_TIERS } from '@gridwall/shared';
import type { AssessmentKind, Period, RankingTier, SubscribeRequest } from '@gridwall/shared';
import { DEFAULT_PERIOD, DEFAULT_SCOPE } from './liveParams';
import { parseReplayAt, type ReplayRequest } from './replay';
import { DEFAULT_MAP_CREDIT, DEFAULT_MAP_URL } from '../../widgets/DistrictMap/mapLoader';
import { MAP_METRICS, type MapMetric } from '../../widgets/DistrictMap/mapMetric';

/** Scene kinds of the wall. */
export const SCENE_KINDS = ['overview', 'map', 'ranking', 'overdue', 'assessment', 'hotspots'] as const;
/** One scene kind. */
export type SceneKind = (typeof SCENE_KINDS)[number];

/** Chinese names of the scenes. */
export const SCENE_ZH: Record<SceneKind, string> = {
  overview: '全市总览',
  map: '态势地图',
  ranking: '综合排名',
  overdue: '超期督办',
  assessment: '考核通报',
  hotspots: '预警热点',
};

/** One slot of the playlist. */
export type SceneSlot =
  | { kind: 'overview' | 'map' | 'overdue' | 'hotspots' }
  /** One ranking tier per page. */
  | { kind: 'ranking'; tier: RankingTier }
  /** The last issued assessment of a kind (`assessment:week`, `assessment:month` …). */
  | { kind: 'assessment'; assessment: AssessmentKind };

/** City time of day, 24 h clock. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Everything a wall URL configures. */
export interface WallConfig {
  /** The playlist, in order; `ranking` without a tier stands for one slot per {@link WallConfig.tiers}. */
  scenes: SceneSlot[];
  /** Time each slot stays, ms; 0: no rotation (the first slot stays). */
  rotateMs: number;
  /** Area code of the scope node. */
  scope: string;
  /** Period of the figures. */
  period: Period;
  /** Period of the ranking scenes. */
  rankingPeriod: Period;
  /** Tiers a plain `ranking` entry expands to. */
  tiers: RankingTier[];
  /** No message for longer than this (ms) shows the stale banner. */
  staleMs: number;
  /** City time of the daily self-reload; null: never. */
  reloadAt: TimeOfDay | null;
  /** URL of the GeoJSON of the map scene. */
  mapUrl: string;
  /** Feature property holding the area code in the GeoJSON. */
  mapKey: string;
  /** Data credit shown under the map. */
  mapCredit: string;
  /** Metric the map is coloured by. */
  mapMetric: MapMetric;
  /** Time each page of an auto-scrolling list stays, ms. */
  pageMs: number;
  /** Screen token from `?token=`, if any. */
  token?: string;
  /**
   * Presenter channel the wall follows (a meeting room): `?channel=`, default 联席会议室, the tablets' default too (so a wall
   * opened with the default URL can be presented to and controlled from a tablet); `channel=none`
   * follows none.
   */
  channel?: string;
  /** `sound=on`: a short tone when an alert arrives. */
  sound: boolean;
  /** `?at=`: the live wall, a replay of a past moment, or an `at` that is no moment. */
  replay: ReplayRequest;
}

/** Default playlist. */
export const DEFAULT_SCENES = 'overview,map,ranking,overdue';
/** The presenter channel a wall follows when its URL names none. */
export const DEFAULT_CHANNEL = '联席会议室';

/** Default seconds per scene. */
export const DEFAULT_ROTATE_S = 30;
/** Default stale threshold, seconds (the server sends a heartbeat at least every 10 s). */
export const DEFAULT_STALE_S = 30;
/** Default self-reload time, city time. */
export const DEFAULT_RELOAD_AT: TimeOfDay = { hour: 4, minute: 0 };
/** Default seconds per page of a long list. */
export const DEFAULT_PAGE_S = 8;

const PROPERTY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null | undefined): T | undefined {
  return value !== null && value !== undefined && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** A number of seconds within [min, max], else `fallback`; 0 allowed when `zero`. */
function seconds(value: string | null, fallback: number, min: number, max: number, zero = false): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) return fallback;
  if (zero && n === 0) return 0;
  return n >= min && n <= max ? n : fallback;
}

/** `HH:MM` (24 h) as a time of day; `off`/`none` as null; anything else: the default. */
export function parseTimeOfDay(value: string | null): TimeOfDay | null {
  if (value === null) return DEFAULT_RELOAD_AT;
  if (/^(off|none|0|false)$/i.test(value.trim())) return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return DEFAULT_RELOAD_AT;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : DEFAULT_RELOAD_AT;
}

/** A same-origin path or an http(s) URL; anything else (javascript:, data:) is refused. */
function safeUrl(value: string | null): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v.startsWith('/') && !v.startsWith('//')) return v;
  return /^https?:\/\//i.test(v) ? v : undefined;
}

/**
 * The playlist of `scenes=` (comma-separated; `ranking:township` names one tier,
 * `assessment:month` the kind of issued assessment, `assessment` alone the week's).
 */
export function parseScenes(value: string | null, tiers: readonly RankingTier[]): SceneSlot[] {
  const slots: SceneSlot[] = [];
  for (const raw of (value ?? DEFAULT_SCENES).split(',')) {
    const [name, option] = raw.trim().split(':');
    const kind = oneOf(SCENE_KINDS, name);
    if (!kind) continue;
    if (kind === 'assessment') {
      // An unknown kind is a typo: skip it rather than show another kind's figures.
      const assessment = option === undefined ? 'week' : oneOf(ASSESSMENT_KINDS, option.trim());
      if (assessment) slots.push({ kind, assessment });
      continue;
    }
    if (kind !== 'ranking') {
      slots.push({ kind });
      continue;
    }
    const tier = oneOf(RANKING_TIERS, option);
    if (tier) slots.push({ kind, tier });
    else for (const t of tiers) slots.push({ kind, tier: t });
  }
  return slots.length > 0 ? slots : parseScenes(DEFAULT_SCENES, tiers);
}

/** Reads a wall URL's query string (`location.search`). */
export function readWallParams(search: string): WallConfig {
  const q = new URLSearchParams(search);
  const get = (name: string): string | null => q.get(name);
  const scope = get('scope')?.trim() ?? '';
  const period = oneOf(PERIODS, get('period')?.trim()) ?? DEFAULT_PERIOD;
  const tierList = (get('tiers') ?? '')
    .split(',')
    .map((t) => oneOf(RANKING_TIERS, t.trim()))
    .filter((t): t is RankingTier => t !== undefined);
  const tiers = tierList.length > 0 ? [...new Set(tierList)] : [...RANKING_TIERS];
  const mapUrl = safeUrl(get('map')) ?? DEFAULT_MAP_URL;
  const mapKey = get('mapKey')?.trim() ?? '';
  const token = get('token')?.trim();
  const channel = get('channel')?.trim();
  return {
    scenes: parseScenes(get('scenes'), tiers),
    rotateMs: seconds(get('rotate'), DEFAULT_ROTATE_S, 2, 3600, true) * 1000,
    scope: ID_PATTERN.test(scope) ? scope : DEFAULT_SCOPE,
    period,
    rankingPeriod: oneOf(PERIODS, get('rankPeriod')?.trim()) ?? period,
    tiers,
    staleMs: seconds(get('stale'), DEFAULT_STALE_S, 5, 3600) * 1000,
    reloadAt: parseTimeOfDay(get('reload')),
    mapUrl,
    mapKey: PROPERTY_PATTERN.test(mapKey) ? mapKey : 'adcode',
    mapCredit: get('credit')?.trim().slice(0, 120) || DEFAULT_MAP_CREDIT,
    mapMetric: oneOf(MAP_METRICS, get('metric')?.trim()) ?? 'score',
    pageMs: seconds(get('page'), DEFAULT_PAGE_S, 2, 600) * 1000,
    ...(token ? { token } : {}),
    ...(channel === 'none'
      ? {}
      : channel && CHANNEL_PATTERN.test(channel)
        ? { channel }
        : { channel: DEFAULT_CHANNEL }),
    sound: ['on', '1', 'true', 'yes'].includes((get('sound') ?? '').trim().toLowerCase()),
    replay: parseReplayAt(get('at')),
  };
}

/** `at` of the wall's subscriptions: the replayed moment, none for the live wall. */
function atOf(config: Pick<WallConfig, 'replay'>): Pick<SubscribeRequest, 'at'> {
  return config.replay.kind === 'replay' ? { at: config.replay.iso } : {};
}

/** The primary room of the wall: its scope and period, the scope's child tier. */
export function primaryRoom(config: Pick<WallConfig, 'scope' | 'period' | 'replay'>): SubscribeRequest {
  return { scope: config.scope, period: config.period, ...atOf(config) };
}

/** The day room of the wall's scope (the 24-hour trend and today's counts). */
export function dayRoom(config: WallConfig): SubscribeRequest {
  return { scope: config.scope, period: 'day', ...atOf(config) };
}

/** The room of one ranking page: the scope's ranking of `tier` over the ranking period. */
export function rankingRoom(config: WallConfig, tier: RankingTier): SubscribeRequest {
  return { scope: config.scope, period: config.rankingPeriod, tier, ...atOf(config) };
}

/** The rooms a slot shows (besides the primary room, which is always followed). */
export function slotRooms(slot: SceneSlot, config: WallConfig): SubscribeRequest[] {
  switch (slot.kind) {
    case 'overview':
      return config.period === 'day' ? [] : [dayRoom(config)];
    case 'map':
      return [];
    case 'ranking':
      return [rankingRoom(config, slot.tier)];
    case 'overdue':
    case 'hotspots':
      // Hotspots come with every room of the scope: the primary room carries them.
      return [];
    case 'assessment':
      // Issued figures come over REST (useLatestAssessments), not from a live room.
      return [];
  }
}

/** The assessment kinds the playlist shows, in playlist order, each once. */
export function assessmentKinds(config: Pick<WallConfig, 'scenes'>): AssessmentKind[] {
  const kinds: AssessmentKind[] = [];
  for (const slot of config.scenes)
    if (slot.kind === 'assessment' && !kinds.includes(slot.assessment)) kinds.push(slot.assessment);
  return kinds;
}
