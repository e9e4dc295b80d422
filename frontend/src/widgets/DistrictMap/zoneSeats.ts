/**
 * The county-level units with no outline in the shipped map: the development zones overlap the
 * districts, so the map has no shape for them. They are drawn as marked points at the seat of
 * their management committee (WGS84, approximately; the same seats the backend checks case
 * locations against, backend/src/areas/district-shapes.ts ZONE_SEATS).
 */

/** Seats of the zones by area code: [lng, lat]. */
export const ZONE_SEATS: Readonly<Record<string, readonly [number, number]>> = {
  /** 郑州经济技术开发区 */
  '410171': [113.735, 34.718],
  /** 郑州高新技术产业开发区 */
  '410172': [113.56, 34.815],
  /** 郑州航空港经济综合实验区 */
  '410173': [113.84, 34.53],
};

/** Short names of the zones for their map labels (the full names cover their neighbours). */
export const ZONE_SHORT_NAMES: Readonly<Record<string, string>> = {
  '410171': '经开区',
  '410172': '高新区',
  '410173': '航空港区',
};

/**
 * How far each zone's label is moved from above its point (px, east and south positive): the
 * seats lie in the crowded core of the city, where the districts' own labels are.
 */
export const ZONE_LABEL_OFFSETS: Readonly<Record<string, [number, number]>> = {
  '410171': [62, 26],
  '410172': [-52, -4],
  '410173': [0, 0],
};
