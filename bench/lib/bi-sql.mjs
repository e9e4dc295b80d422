// What a BI big-screen tool (DataEase, GoView, Grafana with a SQL data source) runs on every
// refresh of a city overview: the §5 figures of the city for today and the inputs of the
// district ranking, aggregated over the case table. Written as a BI developer would, using the
// table's indexes (reported_at, status); no caches, no pre-aggregation.

const ACC = 'accepted_at IS NOT NULL AND rejected = 0';
const RES = `${ACC} AND resolved_at IS NOT NULL`;

/** City figures of the period [from, to) (domain.md §5, period part). Params: now, from, to. */
export const CITY_PERIOD_SQL = `
SELECT
  COUNT(*)                                                                 AS reported,
  COALESCE(SUM(source = 'patrol'), 0)                                      AS patrol,
  COALESCE(SUM(${ACC}), 0)                                                 AS accepted,
  COALESCE(SUM(${RES}), 0)                                                 AS resolved,
  COALESCE(SUM(${ACC} AND (resolved_at IS NOT NULL OR deadline < ?)), 0)   AS due,
  COALESCE(SUM(${RES} AND resolved_at <= deadline), 0)                     AS on_time,
  COALESCE(SUM(${RES} AND resolved_handler_level IN ('cell', 'village', 'township')), 0) AS local_resolved,
  COALESCE(SUM(${RES} AND resolved_handler_level IN ('cell', 'village')), 0)             AS grid_resolved,
  COALESCE(SUM(${RES} AND rework_count > 0), 0)                            AS reworked,
  COALESCE(SUM(${RES} AND closed_at IS NOT NULL AND satisfaction IS NOT NULL), 0)        AS sat_den,
  COALESCE(SUM(${RES} AND closed_at IS NOT NULL AND satisfaction IN ('satisfied', 'basic')), 0) AS sat_num,
  COALESCE(SUM(${ACC} AND extended_count > 0), 0)                          AS extended,
  AVG(CASE WHEN ${RES} THEN (resolved_at - accepted_at) / 3600000 END)     AS avg_handle_hours
FROM case_state
WHERE status <> 'pending' AND reported_at >= ? AND reported_at < ?`;

/** City standing figures now (open, overdue, near due, joint meeting). Params: now ×3. */
export const CITY_STANDING_SQL = `
SELECT
  COUNT(*)                                                                AS open_now,
  COALESCE(SUM(deadline < ?), 0)                                          AS overdue_now,
  COALESCE(SUM(deadline >= ? AND deadline - ? <= 0.2 * (deadline - COALESCE(last_dispatch_at, accepted_at))), 0) AS near_due_now,
  COALESCE(SUM(joint_meeting = 1), 0)                                     AS joint_meeting_now
FROM case_state
WHERE status = 'open'`;

/** District ranking inputs for the period (district = first 6 digits of the area code). Params: now, from, to. */
export const DISTRICT_PERIOD_SQL = `
SELECT
  LEFT(grid_code, 6)                                                      AS district,
  COALESCE(SUM(${ACC}), 0)                                                AS accepted,
  COALESCE(SUM(${RES}), 0)                                                AS resolved,
  COALESCE(SUM(${ACC} AND (resolved_at IS NOT NULL OR deadline < ?)), 0)  AS due,
  COALESCE(SUM(${RES} AND resolved_at <= deadline), 0)                    AS on_time,
  COALESCE(SUM(${RES} AND resolved_handler_level IN ('cell', 'village', 'township')), 0) AS local_resolved,
  COALESCE(SUM(${RES} AND closed_at IS NOT NULL AND satisfaction IS NOT NULL), 0)        AS sat_den,
  COALESCE(SUM(${RES} AND closed_at IS NOT NULL AND satisfaction IN ('satisfied', 'basic')), 0) AS sat_num
FROM case_state
WHERE status <> 'pending' AND reported_at >= ? AND reported_at < ?
GROUP BY LEFT(grid_code, 6)`;

/** Standing overdue backlog per district (the ranking's deduction). Params: now. */
export const DISTRICT_OVERDUE_SQL = `
SELECT LEFT(grid_code, 6) AS district, COUNT(*) AS overdue_now
FROM case_state
WHERE status = 'open' AND deadline < ?
GROUP BY LEFT(grid_code, 6)`;

/** The queries of one refresh with their parameters, for the city day at `now`. */
export function refreshQueries(now, dayStart, dayEnd) {
  return [
    { name: 'city-period', sql: CITY_PERIOD_SQL, params: [now, dayStart, dayEnd] },
    { name: 'city-standing', sql: CITY_STANDING_SQL, params: [now, now, now] },
    { name: 'district-period', sql: DISTRICT_PERIOD_SQL, params: [now, dayStart, dayEnd] },
    { name: 'district-overdue', sql: DISTRICT_OVERDUE_SQL, params: [now] },
  ];
}
