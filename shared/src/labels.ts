/**
 * Every Chinese label of the UI's vocabulary, written once (full-width brackets, as Chinese
 * typesetting has them): area levels, handler levels, ranking tiers, flags and periods. Metric,
 * category, source and status names live beside their keys (METRIC_ZH, CATEGORY_ZH, SOURCE_ZH,
 * CASE_STATUS_ZH).
 */
import type { AreaLevel, HandlerLevel } from './domain';
import type { RankingFlag, RankingTier } from './metrics';

/** Chinese names of the area levels (市 / 县（市、区） / 乡镇（街道） / 村（社区） / 网格). */
export const AREA_LEVEL_ZH: Record<AreaLevel, string> = {
  city: '市',
  district: '县（市、区）',
  township: '乡镇（街道）',
  village: '村（社区）',
  cell: '网格',
};

/** Chinese names of the handler levels as units ("市级" for the city). */
export const HANDLER_LEVEL_ZH: Record<HandlerLevel, string> = {
  cell: AREA_LEVEL_ZH.cell,
  village: AREA_LEVEL_ZH.village,
  township: AREA_LEVEL_ZH.township,
  district: AREA_LEVEL_ZH.district,
  city: '市级',
};

/** Chinese names of the ranking tiers. */
export const TIER_ZH: Record<RankingTier, string> = {
  district: AREA_LEVEL_ZH.district,
  township: AREA_LEVEL_ZH.township,
  village: AREA_LEVEL_ZH.village,
  department: '职能部门',
};

/** Chinese names of the ranking flags. */
export const FLAG_ZH: Record<RankingFlag, string> = {
  red: '红牌',
  yellow: '黄牌',
  last: '末位',
};
